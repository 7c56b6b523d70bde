package io.capa.actors.internal.schedule;

import java.util.Objects;

/**
 * INTERNAL API. A schedule string that cannot be used. The message names the field, quotes the
 * offending text and says what was expected, because it is shown to the user as is (the runtime maps
 * it to {@code ERR_INVALID_SCHEDULE}).
 */
public final class ScheduleException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Longer texts are cut in messages so that a hostile input cannot flood logs. */
  private static final int MAX_QUOTED = 80;

  private final String field;
  private final String text;

  /**
   * @param field the schedule field, e.g. {@code period}
   * @param text the offending text
   * @param detail what is wrong, usually quoting the text with {@link #quote(String)}
   */
  public ScheduleException(String field, String text, String detail) {
    super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(detail, "detail"));
    this.field = field;
    this.text = text == null ? "" : text;
  }

  static ScheduleException cannotParse(String field, String text, String expected) {
    return new ScheduleException(field, text, "cannot parse " + quote(text) + " (expected " + expected + ")");
  }

  public String field() {
    return field;
  }

  public String text() {
    return text;
  }

  static String quote(String text) {
    String t = text == null ? "" : text;
    if (t.length() > MAX_QUOTED) {
      t = t.substring(0, MAX_QUOTED) + "...";
    }
    return '"' + t.replace("\"", "\\\"") + '"';
  }
}
