package io.capa.actors.internal.schedule;

import static io.capa.actors.internal.schedule.ScheduleException.quote;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * INTERNAL API. Parses the two duration syntaxes users write in schedules: ISO 8601 ({@code PT10S},
 * {@code P1DT2H}, {@code P2W}) and Go ({@code 1h30m}, {@code 0h0m3s0ms}, {@code 1.5h}). Years and
 * months are refused because they have no fixed length; a bare number is refused because its unit
 * would be a guess. Fractions below a nanosecond are truncated.
 */
public final class Durations {
  static final String EXPECTED = "an ISO 8601 duration such as PT10S or a Go duration such as 1h30m";

  /** Schedule strings are short; this bounds the work spent on a hostile one. */
  static final int MAX_LENGTH = 128;

  private static final String NUM = "(\\d+(?:[.,]\\d+)?)";
  private static final Pattern ISO = Pattern.compile(
      "P(?:" + NUM + "Y)?(?:" + NUM + "M)?(?:" + NUM + "W)?(?:" + NUM + "D)?"
          + "(T(?:" + NUM + "H)?(?:" + NUM + "M)?(?:" + NUM + "S)?)?");
  private static final Pattern BARE_NUMBER = Pattern.compile("[+]?\\d*[.,]?\\d+");
  private static final long[] ISO_UNIT_NANOS = {
    0, 0, 7 * 86_400_000_000_000L, 86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L,
    1_000_000_000L
  };
  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
  private static final BigInteger MAX_NANOS =
      BigInteger.valueOf(Long.MAX_VALUE).multiply(NANOS_PER_SECOND).add(BigInteger.valueOf(999_999_999L));

  private Durations() {}

  /** Parses a non-negative duration; {@code field} names the schedule field in error messages. */
  public static Duration parse(String field, String text) {
    return parse(field, text, EXPECTED);
  }

  static Duration parse(String field, String text, String expected) {
    String s = text == null ? "" : text.strip();
    if (s.isEmpty()) {
      throw new ScheduleException(field, s, "is empty (expected " + expected + ")");
    }
    if (s.length() > MAX_LENGTH) {
      throw new ScheduleException(field, s, quote(s) + " is longer than " + MAX_LENGTH + " characters");
    }
    if (s.charAt(0) == '-') {
      throw new ScheduleException(field, s, quote(s) + " is negative (expected a duration of zero or more)");
    }
    if (BARE_NUMBER.matcher(s).matches()) {
      throw new ScheduleException(field, s, quote(s)
          + " has no unit, which is ambiguous (expected a unit, as in 10s, 500ms or PT10S)");
    }
    char first = s.charAt(0);
    BigInteger nanos = first == 'P' || first == 'p' ? iso(field, s, expected) : go(field, s, expected);
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw new ScheduleException(field, s, quote(s) + " is too large to represent");
    }
    BigInteger[] secondsAndNanos = nanos.divideAndRemainder(NANOS_PER_SECOND);
    return Duration.ofSeconds(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValue());
  }

  private static BigInteger iso(String field, String s, String expected) {
    Matcher m = ISO.matcher(s.toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      throw ScheduleException.cannotParse(field, s, expected);
    }
    if (m.group(1) != null || m.group(2) != null) {
      throw new ScheduleException(field, s, quote(s) + " uses years or months, which have no fixed length"
          + " (expected days or smaller units such as P30D, or a cron expression for calendar dates)");
    }
    boolean hasTime = m.group(5) != null;
    boolean anyTime = m.group(6) != null || m.group(7) != null || m.group(8) != null;
    boolean anyDate = m.group(3) != null || m.group(4) != null;
    if (hasTime ? !anyTime : !anyDate) {
      throw ScheduleException.cannotParse(field, s, expected);
    }
    BigInteger total = BigInteger.ZERO;
    for (int group = 3; group <= 8; group++) {
      if (group != 5 && m.group(group) != null) {
        int unit = group < 5 ? group - 1 : group - 2;
        total = total.add(scale(m.group(group).replace(',', '.'), ISO_UNIT_NANOS[unit]));
      }
    }
    return total;
  }

  private static BigInteger go(String field, String s, String expected) {
    BigInteger total = BigInteger.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
      }
      boolean intPart = i > start;
      boolean fracPart = false;
      if (i < s.length() && s.charAt(i) == '.') {
        int dot = ++i;
        while (i < s.length() && isDigit(s.charAt(i))) {
          i++;
        }
        fracPart = i > dot;
      }
      if (!intPart && !fracPart) {
        throw ScheduleException.cannotParse(field, s, expected);
      }
      String number = s.substring(start, i);
      int unitStart = i;
      while (i < s.length() && !isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (unit.equals("d") || unit.equals("D")) {
        throw new ScheduleException(field, s, quote(s)
            + " uses a day unit, which Go durations do not have (expected hours such as 24h, or P1D)");
      }
      long unitNanos = goUnitNanos(unit);
      if (unitNanos == 0) {
        throw ScheduleException.cannotParse(field, s, expected);
      }
      total = total.add(scale(number.endsWith(".") ? number + "0" : number, unitNanos));
    }
    return total;
  }

  private static long goUnitNanos(String unit) {
    switch (unit) {
      case "ns":
        return 1L;
      case "us":
      case "\u00b5s":
      case "\u03bcs":
        return 1_000L;
      case "ms":
        return 1_000_000L;
      case "s":
        return 1_000_000_000L;
      case "m":
        return 60_000_000_000L;
      case "h":
        return 3_600_000_000_000L;
      default:
        return 0;
    }
  }

  private static BigInteger scale(String number, long unitNanos) {
    return new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos)).toBigInteger();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
