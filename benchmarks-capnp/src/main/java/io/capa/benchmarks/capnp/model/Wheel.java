package io.capa.benchmarks.capnp.model;

/** A wheel of a {@link Car}; unsigned 16-bit diameter. */
public record Wheel(int diameterMm, float airPressure, boolean snowTires) {
  public Wheel {
    if (diameterMm < 0 || diameterMm > 0xFFFF) {
      throw new IllegalArgumentException("diameterMm must fit UInt16, got " + diameterMm);
    }
  }
}
