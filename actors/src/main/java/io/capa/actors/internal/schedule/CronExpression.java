package io.capa.actors.internal.schedule;

import static io.capa.actors.internal.schedule.ScheduleException.quote;

import io.capa.actors.internal.schedule.CronField.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * INTERNAL API. A cron expression evaluated in UTC: five fields (minute hour day-of-month month
 * day-of-week) or six with seconds first, with names, lists, ranges, steps and the macros {@code
 * @yearly}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @hourly}. When both day fields
 * are restricted a day matches if either does; a field counts as unrestricted only when written
 * {@code *} or {@code ?}.
 *
 * <p>{@link #nextAfter} jumps field by field (month, day, hour, minute, second) with bit operations
 * and gives up after {@value #HORIZON_YEARS} years, long enough for a 29 February across the skipped
 * leap year 2100; past that an expression such as {@code 0 0 30 2 *} has no match.
 */
public final class CronExpression {
  static final int HORIZON_YEARS = 8;

  private static final Map<String, String> MACROS = Map.of(
      "@yearly", "0 0 0 1 1 *",
      "@annually", "0 0 0 1 1 *",
      "@monthly", "0 0 0 1 * *",
      "@weekly", "0 0 0 * * 0",
      "@daily", "0 0 0 * * *",
      "@midnight", "0 0 0 * * *",
      "@hourly", "0 0 * * * *");
  // Keeps LocalDateTime arithmetic (whose range is smaller than Instant's) away from its limits.
  private static final Instant EARLIEST = LocalDateTime.of(-999_999_000, 1, 1, 0, 0).toInstant(ZoneOffset.UTC);
  private static final Instant LATEST = LocalDateTime.of(999_999_000, 1, 1, 0, 0).toInstant(ZoneOffset.UTC);

  private final String text;
  private final CronField second;
  private final CronField minute;
  private final CronField hour;
  private final CronField dayOfMonth;
  private final CronField month;
  private final CronField dayOfWeek;

  private CronExpression(String text, CronField[] fields) {
    this.text = text;
    this.second = fields[0];
    this.minute = fields[1];
    this.hour = fields[2];
    this.dayOfMonth = fields[3];
    this.month = fields[4];
    this.dayOfWeek = fields[5];
  }

  /** Parses {@code text}; errors name {@code field} (the schedule field the text came from). */
  public static CronExpression parse(String field, String text) {
    String s = text == null ? "" : text.strip();
    if (s.length() > Durations.MAX_LENGTH) {
      throw new ScheduleException(field, s, quote(s) + " is longer than " + Durations.MAX_LENGTH + " characters");
    }
    String expanded = s;
    if (s.startsWith("@")) {
      expanded = MACROS.get(s.toLowerCase(Locale.ROOT));
      if (expanded == null) {
        throw new ScheduleException(field, s, "unknown cron macro " + quote(s)
            + " (expected @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>)");
      }
    }
    String[] parts = expanded.isEmpty() ? new String[0] : expanded.split("\\s+");
    if (parts.length != 5 && parts.length != 6) {
      throw new ScheduleException(field, s, "cron expression " + quote(s) + " has " + parts.length
          + " fields (expected 5: minute hour day-of-month month day-of-week, or 6 with seconds first)");
    }
    int offset = parts.length == 5 ? 1 : 0;
    CronField[] fields = new CronField[6];
    fields[0] = offset == 1 ? new CronField(Kind.SECOND, 1L, false) : null;
    Kind[] kinds = Kind.values();
    for (int i = 0; i < parts.length; i++) {
      fields[i + offset] = CronField.parse(kinds[i + offset], parts[i], field, s);
    }
    return new CronExpression(s, fields);
  }

  /** The first matching instant strictly after {@code after}, or empty if none within the horizon. */
  public Optional<Instant> nextAfter(Instant after) {
    Objects.requireNonNull(after, "after");
    if (after.isBefore(EARLIEST)) {
      return firstAtOrAfter(EARLIEST);
    }
    if (!after.isBefore(LATEST)) {
      return Optional.empty();
    }
    return search(LocalDateTime.ofEpochSecond(after.getEpochSecond(), 0, ZoneOffset.UTC).plusSeconds(1));
  }

  /** The first matching instant at or after {@code from}. */
  public Optional<Instant> firstAtOrAfter(Instant from) {
    Objects.requireNonNull(from, "from");
    if (from.isBefore(EARLIEST)) {
      from = EARLIEST;
    }
    if (!from.isBefore(LATEST)) {
      return Optional.empty();
    }
    LocalDateTime t = LocalDateTime.ofEpochSecond(from.getEpochSecond(), 0, ZoneOffset.UTC);
    return search(from.getNano() == 0 ? t : t.plusSeconds(1));
  }

  /** True when {@code t} (to the second) matches every field. */
  public boolean matches(Instant t) {
    LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
    return t.getNano() == 0 && month.matches(d.getMonthValue()) && dayMatches(d.toLocalDate())
        && hour.matches(d.getHour()) && minute.matches(d.getMinute()) && second.matches(d.getSecond());
  }

  private Optional<Instant> search(LocalDateTime start) {
    LocalDateTime t = start;
    int lastYear = start.getYear() + HORIZON_YEARS;
    while (t.getYear() <= lastYear) {
      int m = month.nextFrom(t.getMonthValue());
      if (m < 0) {
        t = LocalDateTime.of(t.getYear() + 1, 1, 1, 0, 0);
        continue;
      }
      if (m != t.getMonthValue()) {
        t = LocalDateTime.of(t.getYear(), m, 1, 0, 0);
      }
      int day = nextDay(t.toLocalDate());
      if (day < 0) {
        t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
        continue;
      }
      if (day != t.getDayOfMonth()) {
        t = t.toLocalDate().withDayOfMonth(day).atStartOfDay();
      }
      int h = hour.nextFrom(t.getHour());
      if (h < 0) {
        t = t.toLocalDate().plusDays(1).atStartOfDay();
        continue;
      }
      if (h != t.getHour()) {
        t = t.toLocalDate().atTime(h, 0);
      }
      int mi = minute.nextFrom(t.getMinute());
      if (mi < 0) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
        continue;
      }
      if (mi != t.getMinute()) {
        t = t.truncatedTo(ChronoUnit.HOURS).withMinute(mi);
      }
      int s = second.nextFrom(t.getSecond());
      if (s < 0) {
        t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        continue;
      }
      return Optional.of(t.withSecond(s).toInstant(ZoneOffset.UTC));
    }
    return Optional.empty();
  }

  private int nextDay(LocalDate date) {
    int length = date.lengthOfMonth();
    for (int d = date.getDayOfMonth(); d <= length; d++) {
      if (dayMatches(date.withDayOfMonth(d))) {
        return d;
      }
    }
    return -1;
  }

  private boolean dayMatches(LocalDate date) {
    boolean dom = dayOfMonth.matches(date.getDayOfMonth());
    boolean dow = dayOfWeek.matches(date.getDayOfWeek().getValue() % 7);
    if (dayOfMonth.star() || dayOfWeek.star()) {
      return dom && dow;
    }
    return dom || dow;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronExpression c && second.equals(c.second) && minute.equals(c.minute)
        && hour.equals(c.hour) && dayOfMonth.equals(c.dayOfMonth) && month.equals(c.month)
        && dayOfWeek.equals(c.dayOfWeek);
  }

  @Override
  public int hashCode() {
    return Objects.hash(second, minute, hour, dayOfMonth, month, dayOfWeek);
  }

  /** The text as the user wrote it. */
  @Override
  public String toString() {
    return text;
  }
}
