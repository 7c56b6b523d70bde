package io.capa.benchmarks.internal;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The peer of the runtime's stateful actors: a counter written directly as a Pekko {@code
 * EventSourcedBehavior} on cluster sharding, persisting one {@code Long} event per increment into the
 * node's journal (the same plugin, database and snapshot policy the runtime's actors use).
 */
public final class BareCounter extends EventSourcedBehavior<BareCounter.Command, Long, Long> {
  public sealed interface Command permits Add {}

  /** Adds {@code by} (0 reads without writing) and replies with the new value. */
  public record Add(long by, ActorRef<Long> replyTo) implements Command {}

  public static final EntityTypeKey<Command> KEY = EntityTypeKey.create(Command.class, "bench-bare-counter");

  private final int snapshotEvery;

  private BareCounter(String id, int snapshotEvery) {
    super(PersistenceId.of("bench-bare-counter", id));
    this.snapshotEvery = snapshotEvery;
  }

  @Override
  public Long emptyState() {
    return 0L;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2).withDeleteEventsOnSnapshot();
  }

  @Override
  public CommandHandler<Command, Long, Long> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Add.class,
            (s, a) ->
                a.by() == 0
                    ? Effect().none().thenReply(a.replyTo(), v -> v)
                    : Effect().persist(a.by()).thenReply(a.replyTo(), v -> v))
        .build();
  }

  @Override
  public EventHandler<Long, Long> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((s, e) -> s + e);
  }

  /** Calls counters by id through the Java {@code EntityRef.ask}. */
  public static final class Client {
    private final ClusterSharding sharding;
    private final Duration timeout;

    private Client(ClusterSharding sharding, Duration timeout) {
      this.sharding = sharding;
      this.timeout = timeout;
    }

    public CompletionStage<Long> add(String id, long by) {
      return sharding.entityRefFor(KEY, id).ask(r -> new Add(by, r), timeout);
    }
  }

  /** Registers the entity type on {@code system}'s sharding, with the runtime's snapshot cadence. */
  public static Client init(ActorSystem<?> system, int snapshotEvery, Duration timeout) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(KEY, ctx -> new BareCounter(ctx.getEntityId(), snapshotEvery)));
    return new Client(sharding, timeout);
  }
}
