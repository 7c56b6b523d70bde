package io.capa.benchmarks.capnp.model;

/** An engine of a {@link Car}; field widths follow bench.capnp (UInt16, UInt8, UInt32). */
public record Engine(int horsepower, int cylinders, long displacementCc, boolean usesGas, boolean usesElectric) {
  public Engine {
    if (horsepower < 0 || horsepower > 0xFFFF) {
      throw new IllegalArgumentException("horsepower must fit UInt16, got " + horsepower);
    }
    if (cylinders < 0 || cylinders > 0xFF) {
      throw new IllegalArgumentException("cylinders must fit UInt8, got " + cylinders);
    }
    if (displacementCc < 0 || displacementCc > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("displacementCc must fit UInt32, got " + displacementCc);
    }
  }
}
