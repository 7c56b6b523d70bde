package io.capa.actors.internal.schedule;

import static io.capa.actors.internal.schedule.ScheduleException.quote;

import io.capa.actors.internal.schedule.Recurrence.Cron;
import io.capa.actors.internal.schedule.Recurrence.FixedRate;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * INTERNAL API. The parsed schedule of a reminder or timer: when it first fires ({@code anchor}),
 * how it repeats ({@code recurrence}) and when it stops ({@code expiresAt}, exclusive: nothing fires
 * at or after it). The three user texts are kept verbatim so the schedule can be stored as text and
 * parsed again to an equal value.
 *
 * <p>How a runtime drives it:
 *
 * <pre>
 *   arm at   nextOnRecovery(last, fired, now)     (last = null before the first firing)
 *   fire     fired + 1, scheduledAt = the armed time
 *   re-arm   nextOnRecovery(scheduledAt, fired, now)   or nextAfterFiring(scheduledAt, fired)
 * </pre>
 *
 * {@code nextOnRecovery} collapses any number of missed firings into one firing "now"; fixed rates
 * then go on at the first point of their original grid after now, so there is neither a flood nor
 * drift.
 */
public record Schedule(
    String dueTimeText,
    String periodText,
    String ttlText,
    Instant registeredAt,
    Instant anchor,
    Recurrence recurrence,
    Optional<Instant> expiresAt) {

  public Schedule {
    dueTimeText = dueTimeText == null ? "" : dueTimeText.strip();
    periodText = periodText == null ? "" : periodText.strip();
    ttlText = ttlText == null ? "" : ttlText.strip();
    Objects.requireNonNull(registeredAt, "registeredAt");
    Objects.requireNonNull(anchor, "anchor");
    Objects.requireNonNull(recurrence, "recurrence");
    expiresAt = Objects.requireNonNullElse(expiresAt, Optional.empty());
  }

  /**
   * Parses the schedule of a reminder or timer registered at {@code registeredAt}. Each text may be
   * empty: no dueTime fires right away, no period fires once, no ttl never expires.
   *
   * @throws ScheduleException naming the field that cannot be used
   */
  public static Schedule parse(String dueTime, String period, String ttl, Instant registeredAt) {
    Objects.requireNonNull(registeredAt, "registeredAt");
    String due = dueTime == null ? "" : dueTime.strip();
    String per = period == null ? "" : period.strip();
    String live = ttl == null ? "" : ttl.strip();
    Instant start = instantOrOffset("dueTime", due, registeredAt);
    Recurrence recurrence = PeriodParser.parse(per);
    if (recurrence instanceof FixedRate f && f.start().isPresent()) {
      if (!due.isEmpty()) {
        throw new ScheduleException("dueTime", due, quote(due)
            + " conflicts with the start instant in period " + quote(per) + " (expected an empty dueTime)");
      }
      start = f.start().get();
    }
    Instant anchor = start;
    if (recurrence instanceof Cron c) {
      Instant from = start;
      anchor = c.expression().firstAtOrAfter(from).orElseThrow(() -> new ScheduleException("period", per,
          "cron expression " + quote(per) + " has no match within " + CronExpression.HORIZON_YEARS
              + " years after " + from));
    }
    Optional<Instant> expiresAt = Optional.empty();
    if (!live.isEmpty()) {
      Instant end = instantOrOffset("ttl", live, registeredAt);
      if (!end.isAfter(registeredAt)) {
        throw new ScheduleException("ttl", live, quote(live) + " ends at " + end
            + ", not after the registration at " + registeredAt + " (expected a positive duration or a later instant)");
      }
      if (!end.isAfter(anchor)) {
        throw new ScheduleException("ttl", live, quote(live) + " ends at " + end
            + ", not after the first firing at " + anchor);
      }
      expiresAt = Optional.of(end);
    }
    return new Schedule(due, per, live, registeredAt, anchor, recurrence, expiresAt);
  }

  private static Instant instantOrOffset(String field, String text, Instant registeredAt) {
    if (text.isEmpty()) {
      return registeredAt;
    }
    if (Rfc3339.looksLikeInstant(text)) {
      return Rfc3339.parse(field, text);
    }
    Duration offset = Durations.parse(field, text,
        Durations.EXPECTED + ", or " + Rfc3339.EXPECTED);
    try {
      return registeredAt.plus(offset);
    } catch (DateTimeException | ArithmeticException e) {
      throw new ScheduleException(field, text, quote(text) + " reaches beyond the supported time range");
    }
  }

  /** The first scheduled time; empty only for a schedule that expires before it. */
  public Optional<Instant> firstFire() {
    return isExpired(anchor) ? Optional.empty() : Optional.of(anchor);
  }

  /** True at and after the ttl: the schedule fires no more. */
  public boolean isExpired(Instant now) {
    Objects.requireNonNull(now, "now");
    return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
  }

  /**
   * The first scheduled time strictly after {@code t}, once {@code firedCount} firings happened:
   * for a fixed rate the first grid point {@code anchor + k * period} after {@code t}. Empty when
   * the repetitions are used up, the ttl has passed, or a one-shot has fired.
   */
  public Optional<Instant> firstGridPointAfter(Instant t, long firedCount) {
    Objects.requireNonNull(t, "t");
    if (firedCount < 0) {
      throw new IllegalArgumentException("firedCount must not be negative: " + firedCount);
    }
    return recurrence.firstAfter(anchor, t, firedCount).filter(next -> !isExpired(next));
  }

  /** The time after a firing scheduled at {@code scheduledAt}, {@code firedCount} counting that one. */
  public Optional<Instant> nextAfterFiring(Instant scheduledAt, long firedCount) {
    return firstGridPointAfter(scheduledAt, firedCount);
  }

  /**
   * When to fire next, seen at {@code now}: the next scheduled time if it is still ahead, or {@code
   * now} if one or more scheduled times were missed (they collapse into this one firing). After that
   * firing, {@link #nextAfterFiring}{@code (now, firedCount + 1)} resumes on the original grid.
   *
   * @param lastScheduled the time the last firing was scheduled at, or null if it never fired
   */
  public Optional<Instant> nextOnRecovery(Instant lastScheduled, long firedCount, Instant now) {
    Objects.requireNonNull(now, "now");
    if (isExpired(now)) {
      return Optional.empty();
    }
    Optional<Instant> due = lastScheduled == null ? firstFire() : nextAfterFiring(lastScheduled, firedCount);
    return due.map(next -> next.isAfter(now) ? next : now);
  }

  /** Shows the user's texts verbatim: {@code parse(dueTimeText, periodText, ttlText, registeredAt)} rebuilds it. */
  @Override
  public String toString() {
    return "Schedule[dueTime=\"" + dueTimeText + "\", period=\"" + periodText + "\", ttl=\"" + ttlText
        + "\", registeredAt=" + registeredAt + "]";
  }
}
