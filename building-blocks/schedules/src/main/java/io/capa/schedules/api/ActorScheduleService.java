package io.capa.schedules.api;

import io.capa.actors.api.ActorRuntime;
import io.capa.actors.api.ActorType;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorService;
import io.capa.api.actors.ReminderInfo;
import io.capa.api.actors.ReminderSpec;
import io.capa.api.invocation.InvocationService;
import io.capa.api.schedules.ScheduleInfo;
import io.capa.api.schedules.ScheduleService;
import io.capa.api.schedules.ScheduleSpec;
import io.capa.schedules.internal.ScheduleCodec;
import io.capa.schedules.internal.ScheduleHandler;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Schedules as durable reminders of the internal actor type {@value #TYPE}: one actor per schedule
 * (id {@code appId:name}, with '%' and '|' of the name escaped), holding one reminder whose period is the schedule's cron and whose data
 * is the schedule itself. The actor runtime stores it, fires it once per due time across the
 * cluster, re-arms it for the next cron time and brings it back after a restart; the firing turn
 * calls the target (see {@link #type}).
 *
 * <pre>
 *   create(spec) ──registerReminder──▶ capa.schedule/app:name   reminder "schedule", period = cron
 *                                            │ fires (turn)
 *                                            ▼
 *                      target: actor method (ctx.actors().invoke) │ app method (InvocationService)
 * </pre>
 */
public final class ActorScheduleService implements ScheduleService {
  /** The actor type that holds schedules. */
  public static final String TYPE = "capa.schedule";
  // '|' is reserved in entity ids of the sharding underneath; ':' is not in app ids.
  private static final String SEPARATOR = ":";

  private final ActorService actors;
  private final String appId;
  private final Executor executor;

  /**
   * Uses {@code runtime}'s reminders, and registers {@link #type} on it unless it is registered
   * already (register it with the builder instead to have it before the first reminder fires).
   */
  public ActorScheduleService(ActorRuntime runtime, InvocationService apps, String appId, Executor executor) {
    Objects.requireNonNull(runtime, "runtime");
    this.actors = runtime.service();
    this.appId = requireAppId(appId);
    this.executor = Objects.requireNonNull(executor, "executor");
    if (!runtime.actorTypes().contains(TYPE)) {
      runtime.addType(type(apps));
    }
  }

  /** The actor type whose reminders fire schedules; {@code apps} reaches application targets. */
  public static ActorType<?> type(InvocationService apps) {
    return ActorType.dispatching(TYPE, new ScheduleHandler(Objects.requireNonNull(apps, "apps")));
  }

  @Override
  public CompletionStage<Void> create(ScheduleSpec spec) {
    ReminderSpec reminder;
    try {
      reminder = reminderOf(spec);
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
    return actors.registerReminder(actorOf(spec.name()), reminder)
        .handleAsync((v, e) -> {
          if (e != null) {
            throw rephrase(spec, e);
          }
          return v;
        }, executor);
  }

  @Override
  public CompletionStage<Optional<ScheduleInfo>> get(String name) {
    ActorId actor;
    try {
      actor = actorOf(name);
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
    return actors.getReminder(actor, ScheduleHandler.REMINDER)
        .thenApplyAsync(r -> r.map(ActorScheduleService::infoOf), executor);
  }

  @Override
  public CompletionStage<Boolean> delete(String name) {
    try {
      return actors.unregisterReminder(actorOf(name), ScheduleHandler.REMINDER);
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<List<ScheduleInfo>> list() {
    String prefix = appId + SEPARATOR;
    return actors.listReminders(TYPE).thenApplyAsync(all -> all.stream()
        .filter(r -> r.actor().id().startsWith(prefix) && r.name().equals(ScheduleHandler.REMINDER))
        .map(ActorScheduleService::infoOf)
        .sorted(Comparator.comparing(ScheduleInfo::name))
        .toList(), executor);
  }

  private ActorId actorOf(String name) {
    if (name == null || name.isBlank() || name.indexOf('/') >= 0) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, "schedule name must be non-empty text without '/': " + name);
    }
    return new ActorId(TYPE, appId + SEPARATOR + name.replace("%", "%25").replace("|", "%7C"));
  }

  private static ScheduleInfo infoOf(ReminderInfo r) {
    return new ScheduleInfo(ScheduleCodec.decode(r.spec().data()), r.registeredAt(), r.nextFire(), r.fired());
  }

  /**
   * The reminder for a schedule. Only cron shapes are accepted (the reminder's period also takes
   * plain durations and ISO repetitions, which are not schedules). {@code @every d} first fires
   * one {@code d} after creation; a cron expression at its first match.
   */
  static ReminderSpec reminderOf(ScheduleSpec spec) {
    String cron = spec.cron();
    String lower = cron.toLowerCase(Locale.ROOT);
    String dueTime = "";
    if (lower.startsWith("@every")) {
      dueTime = cron.substring("@every".length()).strip();
      if (dueTime.isEmpty()) {
        throw invalid(spec, "@every needs a duration, for instance @every 10s");
      }
    } else if (!cron.startsWith("@") && cron.chars().noneMatch(Character::isWhitespace)) {
      throw invalid(spec, "\"" + cron + "\" is not a cron expression (expected 5 fields, 6 with seconds first,"
          + " @every <duration>, @hourly, @daily, @weekly, @monthly or @yearly)");
    }
    String ttl = spec.until().map(Object::toString).orElse("");
    return new ReminderSpec(ScheduleHandler.REMINDER, ScheduleCodec.encode(spec), dueTime, cron, ttl, spec.failurePolicy());
  }

  private static CapaException invalid(ScheduleSpec spec, String problem) {
    return new CapaException(ErrorCode.INVALID_SCHEDULE, "schedule " + spec.name() + ": cron: " + problem);
  }

  /** The reminder's words (dueTime, period, ttl) in the schedule's (cron, until). */
  private static RuntimeException rephrase(ScheduleSpec spec, Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof CapaException c && c.errorCode() == ErrorCode.INVALID_SCHEDULE) {
      String m = String.valueOf(c.getMessage());
      int at = m.indexOf("period: ");
      if (at >= 0) {
        return invalid(spec, m.substring(at + "period: ".length()));
      }
      at = m.indexOf("dueTime: ");
      if (at >= 0) {
        return invalid(spec, "@every " + m.substring(at + "dueTime: ".length()));
      }
      at = m.indexOf("ttl: ");
      if (at >= 0) {
        return new CapaException(ErrorCode.INVALID_SCHEDULE, "schedule " + spec.name() + ": until: "
            + m.substring(at + "ttl: ".length()));
      }
      return c;
    }
    return t instanceof RuntimeException r ? r : new CompletionException(t);
  }

  private static String requireAppId(String appId) {
    if (appId == null || appId.isBlank() || appId.contains(SEPARATOR) || appId.contains("|")) {
      throw new IllegalArgumentException("appId must be non-empty text without ':' or '|': " + appId);
    }
    return appId;
  }
}
