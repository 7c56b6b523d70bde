package io.capa.persistence.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.state.DurableStateStoreRegistry;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.state.javadsl.DurableStateBehavior;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Redis plugins under pekko-persistence-typed, the way the actor runtime uses them: many
 * EventSourcedBehaviors persisting one event per turn (with snapshots), and a
 * DurableStateBehavior recovering. The event test prints the persisted turns per second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisTypedBehaviorsTest {
  private static final int ACTORS = 1000;
  private static final int WARM_UP_TURNS = 5;
  private static final int TURNS = Integer.getInteger("capa.persistence.turns", 20);

  private final RedisTestSupport redis = RedisTestSupport.create("typed");
  private ActorSystem<Spawn> system;

  /** Asks the guardian to spawn a child. */
  record Spawn(Behavior<?> behavior, String name, CompletableFuture<ActorRef<?>> out) {}

  @BeforeAll
  void start() {
    system = ActorSystem.create(
        Behaviors.setup(ctx -> Behaviors.receive(Spawn.class)
            .onMessage(Spawn.class, s -> {
              s.out().complete(ctx.spawn(s.behavior(), s.name()));
              return Behaviors.same();
            })
            .build()),
        "redis-typed-test", redis.config());
  }

  @AfterAll
  void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    redis.close();
  }

  private <T> ActorRef<T> spawn(Behavior<T> behavior) throws Exception {
    CompletableFuture<ActorRef<?>> out = new CompletableFuture<>();
    system.tell(new Spawn(behavior, "a-" + UUID.randomUUID(), out));
    @SuppressWarnings("unchecked")
    ActorRef<T> ref = (ActorRef<T>) out.get(20, TimeUnit.SECONDS);
    return ref;
  }

  /** Counts Add commands; each one is one turn that persists one event. */
  static final class Counter extends EventSourcedBehavior<Counter.Cmd, String, Integer> {
    interface Cmd {}

    record Add(CountDownLatch done) implements Cmd {}

    record Get(CompletableFuture<Integer> out) implements Cmd {}

    Counter(String id) {
      super(PersistenceId.ofUniqueId(id));
    }

    @Override
    public Integer emptyState() {
      return 0;
    }

    @Override
    public CommandHandler<Cmd, String, Integer> commandHandler() {
      return newCommandHandlerBuilder().forAnyState()
          .onCommand(Add.class, (state, cmd) -> Effect().persist("added")
              .thenRun(s -> cmd.done().countDown()))
          .onCommand(Get.class, (state, cmd) -> {
            cmd.out().complete(state);
            return Effect().none();
          })
          .build();
    }

    @Override
    public EventHandler<Integer, String> eventHandler() {
      return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> state + 1);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
      // A snapshot every 10 events, older events and snapshots deleted: the recovery below
      // then goes through the snapshot store and a journal with deleted events.
      return RetentionCriteria.snapshotEvery(10, 1).withDeleteEventsOnSnapshot();
    }
  }

  @Test
  void eventSourced_thousandActorsOneEventPerTurn_persistsEveryTurnAndRecovers()
      throws Throwable {
    String run = UUID.randomUUID().toString();
    List<ActorRef<Counter.Cmd>> counters = new ArrayList<>();
    for (int i = 0; i < ACTORS; i++) {
      counters.add(spawn(new Counter("counter-" + run + "-" + i)));
    }
    CountDownLatch warm = new CountDownLatch(ACTORS * WARM_UP_TURNS);
    for (int turn = 0; turn < WARM_UP_TURNS; turn++) {
      counters.forEach(c -> c.tell(new Counter.Add(warm)));
    }
    assertThat(warm.await(60, TimeUnit.SECONDS)).isTrue();

    CountDownLatch done = new CountDownLatch(ACTORS * TURNS);
    long start = System.nanoTime();
    for (int turn = 0; turn < TURNS; turn++) {
      counters.forEach(c -> c.tell(new Counter.Add(done)));
    }
    assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("Redis: %d actors x %d turns persisted at %.0f turns/s%n", ACTORS, TURNS,
        ACTORS * TURNS / seconds);

    int expected = WARM_UP_TURNS + TURNS;
    JournalProbe journal = new JournalProbe(Adapter.toClassic(system),
        RedisPersistence.JOURNAL_PLUGIN_ID);
    for (int i = 0; i < ACTORS; i += 97) {
      String id = "counter-" + run + "-" + i;
      assertThat(journal.highest(id)).isEqualTo(expected);
      assertThat(redis.redis().zcard(key("snapshot", id, "index"))).as("snapshots of %s", id)
          .isPositive();
      assertThat(redis.redis().zcard(key("journal", id, "events")))
          .as("events of %s left after deleting on snapshot", id).isLessThan(expected);
      // A second incarnation recovers from the latest snapshot plus the events after it.
      ActorRef<Counter.Cmd> again = spawn(new Counter(id));
      CompletableFuture<Integer> count = new CompletableFuture<>();
      again.tell(new Counter.Get(count));
      assertThat(count.get(20, TimeUnit.SECONDS)).isEqualTo(expected);
    }
  }

  private String key(String keyspace, String id, String part) {
    return new String(redis.keys(keyspace).of(id, part), StandardCharsets.UTF_8);
  }

  /** A register whose whole state is one string. */
  static final class Register extends DurableStateBehavior<Register.Cmd, String> {
    interface Cmd {}

    record Put(String value, CountDownLatch done) implements Cmd {}

    record Read(CompletableFuture<String> out) implements Cmd {}

    Register(String id) {
      super(PersistenceId.ofUniqueId(id));
    }

    @Override
    public String emptyState() {
      return "";
    }

    @Override
    public org.apache.pekko.persistence.typed.state.javadsl.CommandHandler<Cmd, String>
        commandHandler() {
      return newCommandHandlerBuilder().forAnyState()
          .onCommand(Put.class, (state, put) -> Effect().persist(put.value())
              .thenRun(() -> put.done().countDown()))
          .onCommand(Read.class, (state, read) -> {
            read.out().complete(state);
            return Effect().none();
          })
          .build();
    }
  }

  @Test
  void durableState_newIncarnation_recoversLatestStateAndRevision() throws Exception {
    String id = "register-" + UUID.randomUUID();
    ActorRef<Register.Cmd> first = spawn(new Register(id));
    for (String v : List.of("a", "b", "c")) {
      CountDownLatch done = new CountDownLatch(1);
      first.tell(new Register.Put(v, done));
      assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
    }
    ActorRef<Register.Cmd> second = spawn(new Register(id));
    CompletableFuture<String> read = new CompletableFuture<>();
    second.tell(new Register.Read(read));
    assertThat(read.get(20, TimeUnit.SECONDS)).isEqualTo("c");

    RedisDurableStateStore<?> store = DurableStateStoreRegistry.get(Adapter.toClassic(system))
        .getDurableStateStoreFor(RedisDurableStateStore.class,
            RedisPersistence.STATE_PLUGIN_ID);
    assertThat(store.getObject(id).toCompletableFuture().get(20, TimeUnit.SECONDS).revision())
        .isEqualTo(3);
  }
}
