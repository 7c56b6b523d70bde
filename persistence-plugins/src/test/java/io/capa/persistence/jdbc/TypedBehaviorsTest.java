package io.capa.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
import org.apache.pekko.persistence.typed.state.javadsl.DurableStateBehavior;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plugins under pekko-persistence-typed, the way the actor runtime uses them: many
 * EventSourcedBehaviors persisting one event per turn, and a DurableStateBehavior recovering.
 * The event test prints the persisted turns per second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TypedBehaviorsTest {
  private static final int ACTORS = 1000;
  private static final int WARM_UP_TURNS = 5;
  private static final int TURNS = Integer.getInteger("capa.persistence.turns", 20);

  private final Map<TestBackend, ActorSystem<Spawn>> systems = new EnumMap<>(TestBackend.class);

  /** Asks the guardian to spawn a child. */
  record Spawn(Behavior<?> behavior, String name, CompletableFuture<ActorRef<?>> out) {}

  private ActorSystem<Spawn> system(TestBackend backend) {
    return systems.computeIfAbsent(backend, b -> ActorSystem.create(
        Behaviors.setup(ctx -> Behaviors.receive(Spawn.class)
            .onMessage(Spawn.class, s -> {
              s.out().complete(ctx.spawn(s.behavior(), s.name()));
              return Behaviors.same();
            })
            .build()),
        "typed-test", b.freshConfig("tb_" + b.name().toLowerCase())));
  }

  private <T> ActorRef<T> spawn(TestBackend backend, Behavior<T> behavior) throws Exception {
    CompletableFuture<ActorRef<?>> out = new CompletableFuture<>();
    system(backend).tell(new Spawn(behavior, "a-" + UUID.randomUUID(), out));
    @SuppressWarnings("unchecked")
    ActorRef<T> ref = (ActorRef<T>) out.get(20, TimeUnit.SECONDS);
    return ref;
  }

  @AfterAll
  void stop() throws Exception {
    for (ActorSystem<?> s : systems.values()) {
      s.terminate();
      s.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** Counts Add commands; each one is one turn that persists one event. */
  static final class Counter extends EventSourcedBehavior<Counter.Add, String, Integer> {
    record Add(CountDownLatch done) {}

    Counter(String id) {
      super(PersistenceId.ofUniqueId(id));
    }

    @Override
    public Integer emptyState() {
      return 0;
    }

    @Override
    public CommandHandler<Add, String, Integer> commandHandler() {
      return newCommandHandlerBuilder().forAnyState()
          .onCommand(Add.class, (state, cmd) -> Effect().persist("added")
              .thenRun(() -> cmd.done().countDown()))
          .build();
    }

    @Override
    public EventHandler<Integer, String> eventHandler() {
      return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> state + 1);
    }
  }

  @ParameterizedTest
  @EnumSource(TestBackend.class)
  void eventSourced_thousandActorsOneEventPerTurn_persistsEveryTurn(TestBackend backend)
      throws Throwable {
    String run = UUID.randomUUID().toString();
    List<ActorRef<Counter.Add>> counters = new ArrayList<>();
    for (int i = 0; i < ACTORS; i++) {
      counters.add(spawn(backend, new Counter("counter-" + run + "-" + i)));
    }
    // Recovery of all actors and a few turns first, so the timing covers steady persisting.
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
    WriterStats stats = JdbcPersistence.journalWriterStats(Adapter.toClassic(system(backend)),
        JdbcPersistence.JOURNAL_PLUGIN_ID).orElseThrow();
    System.out.printf("%s: %d actors x %d turns persisted at %.0f turns/s (%s, %.1f rows/tx)%n",
        backend, ACTORS, TURNS, ACTORS * TURNS / seconds, stats, stats.rowsPerTransaction());
    // 1,000 actors with a write each in flight: writes must share transactions.
    assertThat(stats.rowsPerTransaction()).isGreaterThan(10);

    JournalHarness journal = new JournalHarness(Adapter.toClassic(system(backend)),
        JdbcPersistence.JOURNAL_PLUGIN_ID);
    for (int i = 0; i < ACTORS; i += 97) {
      assertThat(journal.highest("counter-" + run + "-" + i)).isEqualTo(WARM_UP_TURNS + TURNS);
    }
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

  @ParameterizedTest
  @EnumSource(TestBackend.class)
  void durableState_newIncarnation_recoversLatestStateAndRevision(TestBackend backend)
      throws Exception {
    String id = "register-" + UUID.randomUUID();
    ActorRef<Register.Cmd> first = spawn(backend, new Register(id));
    for (String v : List.of("a", "b", "c")) {
      CountDownLatch done = new CountDownLatch(1);
      first.tell(new Register.Put(v, done));
      assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
    }
    ActorRef<Register.Cmd> second = spawn(backend, new Register(id));
    CompletableFuture<String> read = new CompletableFuture<>();
    second.tell(new Register.Read(read));
    assertThat(read.get(20, TimeUnit.SECONDS)).isEqualTo("c");

    JdbcDurableStateStore<?> store = DurableStateStoreRegistry.get(
        Adapter.toClassic(system(backend))).getDurableStateStoreFor(
            JdbcDurableStateStore.class, JdbcPersistence.STATE_PLUGIN_ID);
    assertThat(store.getObject(id).toCompletableFuture().get(20, TimeUnit.SECONDS).revision())
        .isEqualTo(3);
  }
}
