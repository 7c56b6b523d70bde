package io.capa.benchmarks.capnp.model;

import java.util.List;
import java.util.Objects;

/** One car of the car-sales message (Inventory in bench.capnp). */
public record Car(String make, String model, int color, int seats, int doors, List<Wheel> wheels,
    List<Engine> engines, int lengthMm, int widthMm, int heightMm, long weightKg, float fuelCapacity,
    float fuelLevel, boolean hasPowerWindows, boolean hasNavigation, int cupHolders, long priceCents) {

  /** Number of enumerants of Color in bench.capnp. */
  public static final int COLORS = 7;

  public Car {
    Objects.requireNonNull(make, "make");
    Objects.requireNonNull(model, "model");
    wheels = List.copyOf(wheels);
    engines = List.copyOf(engines);
    if (color < 0 || color >= COLORS) {
      throw new IllegalArgumentException("color must be an ordinal below " + COLORS + ", got " + color);
    }
    for (int v : new int[] {seats, doors, cupHolders}) {
      if (v < 0 || v > 0xFF) {
        throw new IllegalArgumentException("seats, doors and cupHolders must fit UInt8, got " + v);
      }
    }
    for (int v : new int[] {lengthMm, widthMm, heightMm}) {
      if (v < 0 || v > 0xFFFF) {
        throw new IllegalArgumentException("dimensions must fit UInt16, got " + v);
      }
    }
    if (weightKg < 0 || weightKg > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("weightKg must fit UInt32, got " + weightKg);
    }
    if (priceCents < 0) {
      throw new IllegalArgumentException("priceCents must not be negative, got " + priceCents);
    }
  }
}
