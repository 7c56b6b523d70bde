package io.capa.actors.internal.schedule;

import static io.capa.actors.internal.schedule.ScheduleException.quote;

import io.capa.actors.internal.schedule.Recurrence.Cron;
import io.capa.actors.internal.schedule.Recurrence.FixedRate;
import io.capa.actors.internal.schedule.Recurrence.OneShot;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * INTERNAL API. Reads a {@code period} string. The form is told by its shape: {@code @every} is a
 * fixed rate, any other {@code @} word or any text with spaces is cron, {@code R...} is an ISO 8601
 * repetition, and anything else must be a duration.
 */
final class PeriodParser {
  static final String EXPECTED = "an ISO 8601 duration such as PT10S, a Go duration such as 1h30m, R<n>/<duration>,"
      + " @every <duration>, or a cron expression";

  private static final Pattern REPETITIONS = Pattern.compile("[Rr](\\d*)/(.+)");

  private PeriodParser() {}

  /** Parses a {@code period} string; empty means one-shot. */
  static Recurrence parse(String text) {
    String s = text == null ? "" : text.strip();
    if (s.isEmpty()) {
      return new OneShot();
    }
    if (s.length() > Durations.MAX_LENGTH) {
      throw new ScheduleException("period", s, quote(s) + " is longer than " + Durations.MAX_LENGTH + " characters");
    }
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.startsWith("@every")) {
      String rest = s.substring("@every".length());
      if (rest.isEmpty() || !Character.isWhitespace(rest.charAt(0))) {
        throw ScheduleException.cannotParse("period", s, "@every followed by a duration such as @every 10s");
      }
      return new FixedRate(positive(rest.strip(), s), OptionalLong.empty(), Optional.empty());
    }
    if (s.startsWith("@") || s.chars().anyMatch(Character::isWhitespace)) {
      return new Cron(CronExpression.parse("period", s));
    }
    Matcher r = REPETITIONS.matcher(s);
    if (r.matches()) {
      return repetitions(s, r);
    }
    return new FixedRate(positive(s, s), OptionalLong.empty(), Optional.empty());
  }

  private static Recurrence repetitions(String s, Matcher r) {
    OptionalLong count = OptionalLong.empty();
    if (!r.group(1).isEmpty()) {
      long n;
      try {
        n = Long.parseLong(r.group(1));
      } catch (NumberFormatException e) {
        throw new ScheduleException("period", s, quote(s) + " has too many repetitions (expected at most "
            + Long.MAX_VALUE + ")");
      }
      if (n == 0) {
        throw new ScheduleException("period", s, quote(s)
            + " never fires (expected R1 or more, or R/<duration> for no limit)");
      }
      count = OptionalLong.of(n);
    }
    String[] parts = r.group(2).split("/", -1);
    if (parts.length == 1 && !Rfc3339.looksLikeInstant(parts[0])) {
      return new FixedRate(positive(parts[0], s), count, Optional.empty());
    }
    if (parts.length == 2 && Rfc3339.looksLikeInstant(parts[0])) {
      Instant start = Rfc3339.parse("period", parts[0]);
      return new FixedRate(positive(parts[1], s), count, Optional.of(start));
    }
    throw ScheduleException.cannotParse("period", s,
        "R<n>/<duration> or R<n>/<start instant>/<duration>; use ttl for an end time");
  }

  private static Duration positive(String durationText, String whole) {
    Duration d = Durations.parse("period", durationText, EXPECTED);
    if (d.isZero()) {
      throw new ScheduleException("period", whole, quote(whole) + " is zero (expected a positive duration)");
    }
    return d;
  }
}
