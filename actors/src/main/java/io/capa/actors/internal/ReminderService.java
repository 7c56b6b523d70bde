package io.capa.actors.internal;

import io.capa.actors.internal.ReminderProtocol.Answer;
import io.capa.actors.internal.ReminderProtocol.Command;
import io.capa.actors.internal.ReminderProtocol.FireAck;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ReminderInfo;
import io.capa.api.actors.ReminderSpec;
import io.capa.runtime.api.Invocation;
import io.capa.runtime.api.InvocationGraph;
import io.capa.runtime.api.InvocationSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.dispatch.ExecutionContexts$;
import org.apache.pekko.util.Timeout;

/**
 * INTERNAL API: the reminder store. Reminders are spread over a fixed number of partitions by a hash
 * of the actor's identity; each partition is a sharded entity that a keeper on every node wakes
 * periodically, so partitions come back on a surviving node after a node is lost without any actor
 * having to be active.
 */
final class ReminderService implements ReminderGateway {
  static final EntityTypeKey<Command> KEY = EntityTypeKey.create(Command.class, "capa-reminders");
  private static final Duration WAKE_INTERVAL = Duration.ofSeconds(2);

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final ActorRuntimeSettings settings;
  private final ActorInvoker invoker;
  private final ActorMetrics metrics;
  private final InvocationGraph graph;
  /** Live partitions on this node and how many reminders each holds, read when metrics are scraped. */
  private final java.util.Map<Integer, java.util.function.IntSupplier> livePartitions =
      new java.util.concurrent.ConcurrentHashMap<>();

  ReminderService(
      ActorSystem<?> system,
      ClusterSharding sharding,
      ActorRuntimeSettings settings,
      ActorInvoker invoker,
      ActorMetrics metrics,
      io.capa.runtime.metrics.MetricsRegistry registry) {
    this.system = system;
    this.sharding = sharding;
    this.settings = settings;
    this.invoker = invoker;
    this.metrics = metrics;
    this.graph = InvocationGraph.get(system);
    registry.gaugeFunction(
        "capa_reminders_registered",
        "Reminders held by the partitions running on this node",
        () -> livePartitions.values().stream().mapToLong(java.util.function.IntSupplier::getAsInt).sum());
  }

  ActorRuntimeSettings settings() {
    return settings;
  }

  void partitionStarted(int partition, java.util.function.IntSupplier size) {
    livePartitions.put(partition, size);
  }

  void partitionStopped(int partition) {
    livePartitions.remove(partition);
  }

  void start() {
    sharding.init(Entity.of(KEY, ec -> ReminderPartition.create(this, Integer.parseInt(ec.getEntityId()))));
    int n = settings.reminderPartitions();
    system.systemActorOf(
        Behaviors.<String>withTimers(
            t -> {
              t.startTimerWithFixedDelay("wake", "wake", Duration.ZERO, WAKE_INTERVAL);
              return Behaviors.receiveMessage(
                  m -> {
                    for (int i = 0; i < n; i++) {
                      sharding.entityRefFor(KEY, Integer.toString(i)).tell(ReminderProtocol.Wake.INSTANCE);
                    }
                    return Behaviors.same();
                  });
            }),
        "capa-reminder-keeper",
        org.apache.pekko.actor.typed.Props.empty());
  }

  int partitionOf(ActorId actor) {
    // A stable hash, independent of the JVM, so every node agrees on the partition.
    int h = 0x811c9dc5;
    String k = actor.type() + '/' + actor.id();
    for (int i = 0; i < k.length(); i++) {
      h = (h ^ k.charAt(i)) * 0x01000193;
    }
    return Math.floorMod(h, settings.reminderPartitions());
  }

  /** Sends one firing to the actor; the partition hears back through a {@link FireAck}. */
  void fire(ReminderEntry e, long scheduledMillis, long nowMillis, ActorRef<Command> partition) {
    String type = e.actor.type();
    long late = Math.max(0, nowMillis - scheduledMillis);
    metrics.reminderLateness.labels(type).observeNanos(late * 1_000_000L);
    if (late > 1000) {
      metrics.reminderLate.labels(type).inc();
    }
    String key = e.key();
    long generation = e.generation;
    // Set when the graph runs the dispatch: a failure before that means the actor never saw the firing.
    AtomicBoolean dispatched = new AtomicBoolean();
    CompletionStage<Reply> reply;
    try {
      TypeRuntime t = invoker.type(type);
      Duration timeout = settings.reminderAckTimeout();
      String name = e.spec.name();
      byte[] data = e.spec.data();
      // Firings enter the node's invocation graph like any other call to the actor, so a slow actor
      // cannot be flooded by its reminders either. No deadline of its own: a firing that waits
      // max-wait is refused as overloaded and comes back here later; the ack timeout starts once it
      // is dispatched.
      reply =
          graph.submit(
              Invocation.of(
                  InvocationSource.REMINDER,
                  "actor/" + type + "/" + e.actor.id(),
                  () -> {
                    dispatched.set(true);
                    long deadline = System.currentTimeMillis() + timeout.toMillis();
                    return invoker.ask(
                        t, e.actor, timeout, r -> new ActorCommand.FireReminder(name, data, deadline, r), "reminder " + name);
                  }));
    } catch (CapaException ex) {
      reply = CompletableFuture.failedFuture(ex);
    }
    reply.whenComplete(
        (r, err) -> {
          boolean deferred = err != null && !dispatched.get() && notDelivered(err);
          if (err == null) {
            metrics.reminderFired.labels(type).inc();
          } else if (!deferred) {
            metrics.reminderFailures.labels(type).inc();
          }
          partition.tell(
              new FireAck(key, generation, scheduledMillis, err == null, err == null ? null : err.getMessage(), deferred));
        });
  }

  /** Refusals of the graph that leave the firing undelivered and worth another try. */
  private static boolean notDelivered(Throwable err) {
    Throwable t = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
    return t instanceof CapaException c
        && (c.errorCode() == ErrorCode.OVERLOADED || c.errorCode() == ErrorCode.SHUTTING_DOWN);
  }

  /** How long a firing the graph refused waits before it is tried again. */
  Duration overloadRetryDelay() {
    return graph.retryAfter();
  }

  // ---- the gateway ----

  @Override
  public CompletionStage<Void> register(ActorId actor, ReminderSpec spec) {
    invoker.type(actor.type());
    invoker.checkPayload(spec.data());
    SpecData data = SpecData.of(spec);
    return ask(actor, r -> new ReminderProtocol.Register(actor, data, r)).thenApply(a -> null);
  }

  @Override
  public CompletionStage<Boolean> unregister(ActorId actor, String name) {
    return ask(actor, r -> new ReminderProtocol.Unregister(actor, name, r)).thenApply(Answer::changed);
  }

  @Override
  public CompletionStage<Optional<ReminderInfo>> get(ActorId actor, String name) {
    return ask(actor, r -> new ReminderProtocol.Query(actor.type(), actor.id(), name, r))
        .thenApply(a -> a.reminders().stream().map(ReminderService::info).findFirst());
  }

  @Override
  public CompletionStage<List<ReminderInfo>> list(ActorId actor) {
    return ask(actor, r -> new ReminderProtocol.Query(actor.type(), actor.id(), null, r))
        .thenApply(a -> a.reminders().stream().map(ReminderService::info).toList());
  }

  @Override
  public CompletionStage<List<ReminderInfo>> listType(String actorType) {
    invoker.type(actorType);
    List<CompletableFuture<Answer>> parts = new ArrayList<>();
    for (int i = 0; i < settings.reminderPartitions(); i++) {
      parts.add(askPartition(i, r -> new ReminderProtocol.Query(actorType, null, null, r)).toCompletableFuture());
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              List<ReminderInfo> all = new ArrayList<>();
              parts.forEach(p -> p.join().reminders().forEach(r -> all.add(info(r))));
              return all;
            });
  }

  static ReminderInfo info(ReminderProtocol.SavedReminder r) {
    return new ReminderInfo(
        r.actor(),
        r.spec().toSpec(),
        java.time.Instant.ofEpochMilli(r.registeredAtMillis()),
        r.nextDueMillis() < 0 ? Optional.empty() : Optional.of(java.time.Instant.ofEpochMilli(r.nextDueMillis())),
        r.fired());
  }

  private CompletionStage<Answer> ask(ActorId actor, Function<ActorRef<Answer>, Command> request) {
    return askPartition(partitionOf(actor), request);
  }

  private CompletionStage<Answer> askPartition(int partition, Function<ActorRef<Answer>, Command> request) {
    @SuppressWarnings("unchecked")
    org.apache.pekko.cluster.sharding.typed.scaladsl.EntityRef<Command> ref =
        (org.apache.pekko.cluster.sharding.typed.scaladsl.EntityRef<Command>)
            (Object) sharding.entityRefFor(KEY, Integer.toString(partition));
    CompletableFuture<Answer> out = new CompletableFuture<>();
    ref.ask(request::apply, Timeout.create(settings.callTimeout()))
        .onComplete(
            t -> {
              if (t.isFailure()) {
                out.completeExceptionally(
                    new CapaException(ErrorCode.DEADLINE_EXCEEDED, "reminder partition " + partition + " did not answer: " + t.failed().get(), t.failed().get()));
              } else if (!t.get().ok()) {
                out.completeExceptionally(new CapaException(ErrorCode.valueOf(t.get().errorCode()), t.get().error()));
              } else {
                out.complete(t.get());
              }
              return null;
            },
            ExecutionContexts$.MODULE$.parasitic());
    return out;
  }
}
