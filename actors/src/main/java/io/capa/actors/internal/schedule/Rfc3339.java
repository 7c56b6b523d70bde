package io.capa.actors.internal.schedule;

import static io.capa.actors.internal.schedule.ScheduleException.quote;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * INTERNAL API. RFC 3339 timestamps ({@code 2026-01-02T03:04:05Z}, {@code
 * 2026-01-02T05:04:05.5+02:00}). An offset is required: a local time would depend on where the
 * runtime happens to run.
 */
public final class Rfc3339 {
  static final String EXPECTED = "an RFC 3339 instant such as 2026-01-02T03:04:05Z";

  private static final Pattern LOOKS_LIKE_DATE = Pattern.compile("[+-]?\\d{4,}-\\d.*");

  private Rfc3339() {}

  /** True when the text starts like a calendar date, so it is meant as an instant, not a duration. */
  public static boolean looksLikeInstant(String text) {
    return text != null && LOOKS_LIKE_DATE.matcher(text.strip()).matches();
  }

  public static Instant parse(String field, String text) {
    String s = text == null ? "" : text.strip();
    if (s.length() > Durations.MAX_LENGTH) {
      throw new ScheduleException(field, s, quote(s) + " is longer than " + Durations.MAX_LENGTH + " characters");
    }
    // RFC 3339 allows lower-case 't' and 'z'; java.time does not.
    String normal = s.toUpperCase(Locale.ROOT);
    try {
      return OffsetDateTime.parse(normal, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      if (isLocalDateTime(normal)) {
        throw new ScheduleException(field, s, quote(s)
            + " has no UTC offset (expected an RFC 3339 instant ending in Z or an offset such as +02:00)");
      }
      throw ScheduleException.cannotParse(field, s, EXPECTED);
    }
  }

  private static boolean isLocalDateTime(String s) {
    try {
      LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
