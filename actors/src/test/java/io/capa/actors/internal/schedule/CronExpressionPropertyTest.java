package io.capa.actors.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link CronExpression#nextAfter} with a brute-force reference on random expressions. The
 * generator builds each field's text together with the set of values it must allow, so the
 * reference does not reuse the parser.
 */
class CronExpressionPropertyTest {
  private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  /** A field as text plus the values it allows (index = value). */
  private record Field(String text, boolean[] allowed, boolean star) {}

  private record Expr(String text, boolean[][] sets, boolean domStar, boolean dowStar) {}

  @Test
  void nextAfter_agreesWithBruteForceOnRandomExpressions() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int i = 0; i < 300; i++) {
      Expr expr = randomExpression(random);
      CronExpression cron = CronExpression.parse("period", expr.text());
      long startSecond = LocalDateTime.of(2020, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC)
          + (long) (random.nextDouble() * 90L * 365 * 86_400);
      Instant t = Instant.ofEpochSecond(startSecond, random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
      for (int step = 0; step < 4; step++) {
        Optional<Instant> expected = reference(expr, t);
        String context = "seed " + seed + ", expression \"" + expr.text() + "\" after " + t;
        assertThat(cron.nextAfter(t)).as(context).isEqualTo(expected);
        if (expected.isEmpty()) {
          break;
        }
        t = expected.get();
      }
    }
  }

  private static Optional<Instant> reference(Expr e, Instant after) {
    LocalDateTime from = LocalDateTime.ofEpochSecond(after.getEpochSecond(), 0, ZoneOffset.UTC).plusSeconds(1);
    int lastYear = from.getYear() + CronExpression.HORIZON_YEARS;
    for (LocalDate day = from.toLocalDate(); day.getYear() <= lastYear; day = day.plusDays(1)) {
      if (!e.sets()[4][day.getMonthValue()] || !dayMatches(e, day)) {
        continue;
      }
      int firstSecond = day.equals(from.toLocalDate()) ? from.toLocalTime().toSecondOfDay() : 0;
      for (int s = firstSecond; s < 86_400; s++) {
        if (e.sets()[2][s / 3600] && e.sets()[1][s / 60 % 60] && e.sets()[0][s % 60]) {
          return Optional.of(day.atStartOfDay().plusSeconds(s).toInstant(ZoneOffset.UTC));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean dayMatches(Expr e, LocalDate day) {
    boolean dom = e.sets()[3][day.getDayOfMonth()];
    boolean dow = e.sets()[5][day.getDayOfWeek().getValue() % 7];
    return e.domStar() || e.dowStar() ? dom && dow : dom || dow;
  }

  private static Expr randomExpression(Random r) {
    boolean withSeconds = r.nextBoolean();
    Field second = withSeconds ? randomField(r, 0, 59, null) : new Field("", only(60, 0), false);
    Field minute = randomField(r, 0, 59, null);
    Field hour = randomField(r, 0, 23, null);
    Field dom = randomField(r, 1, 31, null);
    Field month = randomField(r, 1, 12, MONTHS);
    Field dow = randomField(r, 0, 6, DAYS);
    List<String> parts = new ArrayList<>();
    if (withSeconds) {
      parts.add(second.text());
    }
    for (Field f : List.of(minute, hour, dom, month, dow)) {
      parts.add(f.text());
    }
    boolean[][] sets = {second.allowed(), minute.allowed(), hour.allowed(), dom.allowed(), month.allowed(), dow.allowed()};
    return new Expr(String.join(" ", parts), sets, dom.star(), dow.star());
  }

  private static Field randomField(Random r, int min, int max, String[] names) {
    boolean[] allowed = new boolean[max + 2];
    int kind = r.nextInt(10);
    if (kind == 0) {
      fill(allowed, min, max, 1);
      return new Field(r.nextBoolean() ? "*" : "?", allowed, true);
    }
    int items = kind >= 8 ? 2 + r.nextInt(2) : 1;
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      texts.add(randomItem(r, min, max, names, allowed));
    }
    return new Field(String.join(",", texts), allowed, false);
  }

  private static String randomItem(Random r, int min, int max, String[] names, boolean[] allowed) {
    int a = min + r.nextInt(max - min + 1);
    int b = a + r.nextInt(max - a + 1);
    int step = 1 + r.nextInt(Math.max(1, (max - min) / 2));
    switch (r.nextInt(5)) {
      case 0:
        fill(allowed, a, a, 1);
        return name(r, a, min, max, names, true);
      case 1:
        fill(allowed, a, b, 1);
        return name(r, a, min, max, names, false) + "-" + name(r, b, min, max, names, false);
      case 2:
        fill(allowed, min, max, step);
        return "*/" + step;
      case 3:
        fill(allowed, a, b, step);
        return a + "-" + b + "/" + step;
      default:
        fill(allowed, a, max, step);
        return a + "/" + step;
    }
  }

  /** Sometimes writes a value as its name, or a lone Sunday as 7. */
  private static String name(Random r, int value, int min, int max, String[] names, boolean sevenForSunday) {
    if (names != null && r.nextBoolean()) {
      String n = names[value - min];
      return r.nextBoolean() ? n : n.toLowerCase(java.util.Locale.ROOT);
    }
    if (sevenForSunday && names == DAYS && value == 0 && r.nextInt(4) == 0) {
      return "7";
    }
    return Integer.toString(value);
  }

  private static void fill(boolean[] allowed, int from, int to, int step) {
    for (int v = from; v <= to; v += step) {
      allowed[v] = true;
    }
  }

  private static boolean[] only(int size, int value) {
    boolean[] b = new boolean[size];
    b[value] = true;
    return b;
  }
}
