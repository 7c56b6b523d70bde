package io.capa.benchmarks.capnp.model;

import java.util.List;

/**
 * The traversals every codec performs, written once over plain values so that codecs
 * differ only in how they get at the fields. {@code expected*} compute the same numbers
 * from the model, which is what the tests compare each codec's reading against.
 */
public final class Scores {
  private Scores() {
  }

  public static long wheel(int diameterMm, float airPressure, boolean snowTires) {
    return diameterMm + (snowTires ? 50 : 0) + (long) (airPressure * 10);
  }

  public static long engine(int horsepower, int cylinders, long displacementCc, boolean usesElectric) {
    return horsepower * 2L + cylinders + displacementCc / 10 + (usesElectric ? 500 : 0);
  }

  /** The car's own fields; its wheels and engines are added by the caller. */
  public static long car(long priceCents, long weightKg, int seats, int doors, int cupHolders, int color,
      boolean hasNavigation, boolean hasPowerWindows, float fuelCapacity, float fuelLevel) {
    return priceCents / 100 + weightKg + seats * 3L + doors * 5L + cupHolders + color
        + (hasNavigation ? 1000 : 0) + (hasPowerWindows ? 200 : 0) + (long) (fuelCapacity - fuelLevel);
  }

  /** Ranks one result: snippets about cats go up, about dogs down (needs the decoded text). */
  public static long hit(String url, double score, String snippet) {
    double s = score;
    if (snippet.contains(" cat ")) {
      s *= 8;
    }
    if (snippet.contains(" dog ")) {
      s /= 8;
    }
    return (long) (s * 1000) + url.length();
  }

  public static long expectedCarSales(List<Car> cars) {
    long total = 0;
    for (Car c : cars) {
      total += car(c.priceCents(), c.weightKg(), c.seats(), c.doors(), c.cupHolders(), c.color(),
          c.hasNavigation(), c.hasPowerWindows(), c.fuelCapacity(), c.fuelLevel());
      for (Wheel w : c.wheels()) {
        total += wheel(w.diameterMm(), w.airPressure(), w.snowTires());
      }
      for (Engine e : c.engines()) {
        total += engine(e.horsepower(), e.cylinders(), e.displacementCc(), e.usesElectric());
      }
    }
    return total;
  }

  public static long expectedCatRank(List<SearchHit> hits) {
    long total = 0;
    for (SearchHit h : hits) {
      total += hit(h.url(), h.score(), h.snippet());
    }
    return total;
  }

  public static int evaluate(Expr e) {
    if (e instanceof Expr.Literal l) {
      return l.value();
    } else if (e instanceof Expr.Negate n) {
      return -evaluate(n.operand());
    }
    Expr.Binary b = (Expr.Binary) e;
    return Expr.apply(b.op(), evaluate(b.left()), evaluate(b.right()));
  }
}
