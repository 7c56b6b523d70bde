package io.capa.actors.internal.schedule;

import static io.capa.actors.internal.schedule.ScheduleException.quote;

import java.util.List;
import java.util.Locale;

/**
 * INTERNAL API. One field of a cron expression, held as a bit set of the allowed values (bit {@code
 * v} set when value {@code v} matches), so the search can jump to the next allowed value with one
 * bit operation.
 *
 * @param bits the allowed values
 * @param star written as {@code *} or {@code ?}; day-of-month and day-of-week combine with OR only
 *     when neither is a star (standard cron)
 */
record CronField(Kind kind, long bits, boolean star) {

  /** The fields in the order of a six-field expression; value ranges follow standard cron. */
  enum Kind {
    SECOND("second", 0, 59, 59, List.of()),
    MINUTE("minute", 0, 59, 59, List.of()),
    HOUR("hour", 0, 23, 23, List.of()),
    DAY_OF_MONTH("day-of-month", 1, 31, 31, List.of()),
    MONTH("month", 1, 12, 12,
        List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
    // 7 is accepted as another Sunday, as in most crons; '*' and 'n/step' stop at 6 (Saturday).
    DAY_OF_WEEK("day-of-week", 0, 7, 6, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

    final String label;
    final int min;
    final int max;
    final int lastOfStar;
    final List<String> names;

    Kind(String label, int min, int max, int lastOfStar, List<String> names) {
      this.label = label;
      this.min = min;
      this.max = max;
      this.lastOfStar = lastOfStar;
      this.names = names;
    }
  }

  CronField {
    if (bits == 0) {
      throw new IllegalArgumentException("a cron field must allow at least one value");
    }
  }

  boolean matches(int value) {
    return (bits & (1L << value)) != 0;
  }

  /** The smallest allowed value that is {@code >= from}, or -1. */
  int nextFrom(int from) {
    long rest = bits & (-1L << from);
    return rest == 0 ? -1 : Long.numberOfTrailingZeros(rest);
  }

  static CronField parse(Kind kind, String text, String field, String whole) {
    long bits = 0;
    for (String item : text.split(",", -1)) {
      bits |= parseItem(kind, item, field, whole);
    }
    if (kind == Kind.DAY_OF_WEEK && (bits & (1L << 7)) != 0) {
      bits = (bits & ~(1L << 7)) | 1L;
    }
    return new CronField(kind, bits, text.equals("*") || text.equals("?"));
  }

  private static long parseItem(Kind kind, String item, String field, String whole) {
    if (item.isEmpty()) {
      throw error(kind, item, "has an empty list item", field, whole);
    }
    String range = item;
    int step = 1;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      range = item.substring(0, slash);
      step = number(kind, item.substring(slash + 1), field, whole);
      if (step == 0) {
        throw error(kind, item, "has a step of 0", field, whole);
      }
    }
    int low;
    int high;
    if (range.equals("*") || range.equals("?")) {
      low = kind.min;
      high = kind.lastOfStar;
    } else if (range.indexOf('-') > 0) {
      int dash = range.indexOf('-');
      low = value(kind, range.substring(0, dash), field, whole);
      high = value(kind, range.substring(dash + 1), field, whole);
      if (low > high) {
        throw error(kind, item, "is a range whose start is after its end", field, whole);
      }
    } else {
      low = value(kind, range, field, whole);
      // "5/15" means from 5 to the end of the range in steps of 15.
      high = slash >= 0 ? kind.lastOfStar : low;
    }
    long bits = 0;
    for (int v = low; v <= high; v += step) {
      bits |= 1L << v;
    }
    return bits;
  }

  private static int value(Kind kind, String token, String field, String whole) {
    int named = kind.names.indexOf(token.toUpperCase(Locale.ROOT));
    if (named >= 0) {
      return named + kind.min;
    }
    int v = number(kind, token, field, whole);
    if (v < kind.min || v > kind.max) {
      throw error(kind, token, "is out of range " + kind.min + "-" + kind.max, field, whole);
    }
    return v;
  }

  private static int number(Kind kind, String token, String field, String whole) {
    if (token.isEmpty() || token.length() > 4 || !token.chars().allMatch(c -> c >= '0' && c <= '9')) {
      if (token.contains("#") || token.endsWith("L") || token.endsWith("W") || token.equals("LW")) {
        throw error(kind, token, "uses L, W or #, which are not supported", field, whole);
      }
      String hint = kind.names.isEmpty() ? "a number" : "a number or a name such as " + kind.names.get(0);
      throw error(kind, token, "is not " + hint, field, whole);
    }
    return Integer.parseInt(token);
  }

  private static ScheduleException error(Kind kind, String token, String problem, String field, String whole) {
    return new ScheduleException(field, whole,
        "cron " + kind.label + " " + quote(token) + " " + problem + " in " + quote(whole));
  }
}
