package io.capa.bindings.internal.cron;

import io.capa.bindings.spi.Direction;
import io.capa.bindings.spi.InputBinding;
import io.capa.bindings.spi.InputEvent;
import io.capa.bindings.spi.InputSettings;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;

/**
 * INTERNAL API. {@code bindings.cron}: one event per firing, with empty data and the firing time as
 * {@code firedAt} metadata. Firings missed while the target was busy are skipped, not queued: the
 * next firing is computed from the time the previous one was handled.
 *
 * <p>Once per cluster: the binding is a {@linkplain #clusterSingleton() cluster singleton}, so the
 * node runs it on one member only and moves it to another when that member leaves.
 */
final class CronInputBinding implements InputBinding {
  private final String schedule;
  private final CronSchedule cron;
  private final ZoneId zone;
  private final InputSettings settings;
  private final ScheduledExecutorService scheduler;

  CronInputBinding(String schedule, CronSchedule cron, ZoneId zone, InputSettings settings, ScheduledExecutorService scheduler) {
    this.schedule = schedule;
    this.cron = cron;
    this.zone = zone;
    this.settings = settings;
    this.scheduler = scheduler;
  }

  @Override
  public InputSettings inputSettings() {
    return settings;
  }

  @Override
  public boolean clusterSingleton() {
    return true;
  }

  @Override
  public Direction direction() {
    return new Direction(true, false);
  }

  @Override
  public Source<InputEvent, ?> events() {
    return Source.unfoldAsync(ZonedDateTime.now(zone), this::fireAfter);
  }

  private CompletionStage<Optional<Pair<ZonedDateTime, InputEvent>>> fireAfter(ZonedDateTime last) {
    ZonedDateTime now = ZonedDateTime.now(zone);
    ZonedDateTime next = cron.next(last.isAfter(now) ? last : now);
    long delay = Math.max(0, java.time.Duration.between(ZonedDateTime.now(zone), next).toMillis());
    CompletableFuture<Optional<Pair<ZonedDateTime, InputEvent>>> fired = new CompletableFuture<>();
    scheduler.schedule(() -> fired.complete(Optional.of(Pair.create(next, new Firing(next.toString(), schedule)))),
        delay, TimeUnit.MILLISECONDS);
    return fired;
  }

  @Override
  public void close() {
    // Nothing held: the stream stops when InputBindings stops it.
  }

  /** A firing; there is nothing to acknowledge at the source. */
  private record Firing(String firedAt, String schedule) implements InputEvent {
    @Override
    public byte[] data() {
      return new byte[0];
    }

    @Override
    public Map<String, String> metadata() {
      return Map.of("firedAt", firedAt, "schedule", schedule);
    }

    @Override
    public String orderingKey() {
      return "cron";
    }

    @Override
    public CompletionStage<Void> ack() {
      return CompletableFuture.completedFuture(null);
    }
  }
}
