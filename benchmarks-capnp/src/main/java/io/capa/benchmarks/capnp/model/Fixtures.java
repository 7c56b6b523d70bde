package io.capa.benchmarks.capnp.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic benchmark messages (fixed seed), so every run and every codec sees the same data. */
public final class Fixtures {
  public static final int CARS = 100;
  public static final int SEARCH_HITS = 200;
  public static final int EXPRESSION_DEPTH = 12;

  private static final String[] MAKES = {"Toyota", "GM", "Ford", "Honda", "Tesla", "Škoda", "Renault", "Kia"};
  private static final String[] MODELS = {"Camry", "Volt", "Focus", "Civic", "Model 3", "Octavia", "Clio", "Rio",
      "Corolla", "Bolt", "Fiesta", "Accord"};
  private static final String[] WORDS = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "cat", "dog",
      "and", "a", "pet", "food", "best", "price", "review", "for", "with", "your", "home"};

  private Fixtures() {
  }

  public static List<Car> carSales() {
    Random r = new Random(1);
    List<Car> cars = new ArrayList<>(CARS);
    for (int i = 0; i < CARS; i++) {
      List<Wheel> wheels = new ArrayList<>();
      int wheelCount = 4 + r.nextInt(3);
      for (int w = 0; w < wheelCount; w++) {
        wheels.add(new Wheel(400 + r.nextInt(400), 1.5f + r.nextInt(200) / 100f, r.nextInt(4) == 0));
      }
      List<Engine> engines = new ArrayList<>();
      int engineCount = 1 + r.nextInt(2);
      for (int e = 0; e < engineCount; e++) {
        boolean electric = r.nextBoolean();
        engines.add(new Engine(60 + r.nextInt(400), electric ? 0 : 2 + r.nextInt(10),
            electric ? 0 : 900 + r.nextInt(5000), !electric, electric));
      }
      cars.add(new Car(MAKES[r.nextInt(MAKES.length)], MODELS[r.nextInt(MODELS.length)],
          r.nextInt(Car.COLORS), 2 + r.nextInt(7), 2 + r.nextInt(4), wheels, engines,
          3500 + r.nextInt(2500), 1600 + r.nextInt(600), 1300 + r.nextInt(800), 800 + r.nextInt(2500),
          40 + r.nextInt(60), r.nextInt(4000) / 100f, r.nextBoolean(), r.nextBoolean(), r.nextInt(12),
          1_000_000L + r.nextInt(10_000_000)));
    }
    return cars;
  }

  public static List<SearchHit> catRank() {
    Random r = new Random(2);
    List<SearchHit> hits = new ArrayList<>(SEARCH_HITS);
    for (int i = 0; i < SEARCH_HITS; i++) {
      StringBuilder url = new StringBuilder("https://example.com/");
      int segments = 1 + r.nextInt(4);
      for (int s = 0; s < segments; s++) {
        url.append(WORDS[r.nextInt(WORDS.length)]).append(s + 1 < segments ? "/" : ".html");
      }
      StringBuilder snippet = new StringBuilder();
      int words = 15 + r.nextInt(25);
      for (int w = 0; w < words; w++) {
        snippet.append(' ').append(WORDS[r.nextInt(WORDS.length)]);
      }
      snippet.append(' ');
      hits.add(new SearchHit(url.toString(), (SEARCH_HITS - i) * 1.25 + r.nextInt(100) / 100.0, snippet.toString()));
    }
    return hits;
  }

  /** A random tree of at most {@link #EXPRESSION_DEPTH} levels; leaves get likelier with depth. */
  public static Expr expression() {
    return expression(new Random(3), 0);
  }

  private static Expr expression(Random r, int depth) {
    if (depth + 1 >= EXPRESSION_DEPTH || r.nextInt(EXPRESSION_DEPTH) < depth / 2) {
      return new Expr.Literal(r.nextInt(1000) - 500);
    }
    if (r.nextInt(10) == 0) {
      return new Expr.Negate(expression(r, depth + 1));
    }
    Expr.Op op = Expr.Op.values()[r.nextInt(Expr.Op.values().length)];
    return new Expr.Binary(op, expression(r, depth + 1), expression(r, depth + 1));
  }

  /** Number of nodes of {@code e} (reported next to the figures). */
  public static int size(Expr e) {
    if (e instanceof Expr.Binary b) {
      return 1 + size(b.left()) + size(b.right());
    } else if (e instanceof Expr.Negate n) {
      return 1 + size(n.operand());
    }
    return 1;
  }
}
