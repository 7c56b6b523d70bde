package io.capa.runtime.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * INTERNAL API: parses the two duration spellings users bring from Dapr and Kubernetes: Go style
 * ({@code 500ms}, {@code 1h30m}, {@code 1.5s}, {@code 0}) and ISO 8601 ({@code PT60M}, {@code P1DT2H}).
 * Negative durations are rejected: no setting here means "in the past".
 */
public final class Durations {
  private static final BigDecimal NANOS_PER_MICRO = BigDecimal.valueOf(1_000L);
  private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000L);
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
  private static final BigDecimal NANOS_PER_MINUTE = NANOS_PER_SECOND.multiply(BigDecimal.valueOf(60));
  private static final BigDecimal NANOS_PER_HOUR = NANOS_PER_MINUTE.multiply(BigDecimal.valueOf(60));

  private Durations() {}

  /** Parses {@code text}; throws {@link IllegalArgumentException} saying what is wrong. */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration");
    }
    String s = text.strip();
    if (s.startsWith("-")) {
      throw new IllegalArgumentException("duration must not be negative: \"" + s + "\"");
    }
    char first = s.charAt(0);
    if (first == 'P' || first == 'p') {
      return parseIso(s);
    }
    return parseGo(s);
  }

  private static Duration parseIso(String s) {
    try {
      Duration d = Duration.parse(s);
      if (d.isNegative()) {
        throw new IllegalArgumentException("duration must not be negative: \"" + s + "\"");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "invalid ISO 8601 duration \"" + s + "\" (use days, hours, minutes and seconds, e.g. PT1H30M)");
    }
  }

  private static Duration parseGo(String s) {
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int i = s.startsWith("+") ? 1 : 0;
    if (i == s.length()) {
      throw invalid(s);
    }
    while (i < s.length()) {
      int numberStart = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(numberStart, i);
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      BigDecimal unit = unitNanos(s.substring(unitStart, i));
      if (number.isEmpty() || number.equals(".") || unit == null) {
        throw invalid(s);
      }
      try {
        nanos = nanos.add(new BigDecimal(number).multiply(unit));
      } catch (NumberFormatException e) {
        throw invalid(s);
      }
    }
    try {
      return Duration.ofNanos(nanos.longValueExact());
    } catch (ArithmeticException e) {
      // Either a fraction of a nanosecond or beyond ~292 years: neither is a sensible setting.
      throw new IllegalArgumentException("duration out of range or finer than 1ns: \"" + s + "\"");
    }
  }

  private static BigDecimal unitNanos(String unit) {
    switch (unit) {
      case "ns":
        return BigDecimal.ONE;
      case "us":
      case "\u00b5s":
      case "\u03bcs":
        return NANOS_PER_MICRO;
      case "ms":
        return NANOS_PER_MILLI;
      case "s":
        return NANOS_PER_SECOND;
      case "m":
        return NANOS_PER_MINUTE;
      case "h":
        return NANOS_PER_HOUR;
      default:
        return null;
    }
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException(
        "invalid duration \"" + s + "\" (expected e.g. 500ms, 1h30m or PT1H30M)");
  }
}
