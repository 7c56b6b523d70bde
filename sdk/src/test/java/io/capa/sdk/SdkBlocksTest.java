package io.capa.sdk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.lock.LockRequest;
import io.capa.api.lock.UnlockRequest;
import io.capa.api.lock.UnlockStatus;
import io.capa.api.pubsub.BulkPublishEntry;
import io.capa.api.pubsub.BulkPublishRequest;
import io.capa.api.pubsub.PublishRequest;
import io.capa.api.pubsub.Subscription;
import io.capa.api.pubsub.TopicMessage;
import io.capa.api.sequencer.Increment;
import io.capa.api.sequencer.NextIdRequest;
import io.capa.api.state.BulkGetResult;
import io.capa.api.state.Consistency;
import io.capa.api.state.SaveRequest;
import io.capa.api.state.StateItem;
import io.capa.api.state.StateService;
import io.capa.api.state.StateTransaction;
import io.capa.api.state.TransactionOperation;
import io.capa.sdk.api.CapaClient;
import io.capa.sdk.api.Mode;
import io.capa.sidecar.api.BlockServices;
import io.capa.sidecar.memory.MemoryConfiguration;
import io.capa.sidecar.memory.MemoryDatabase;
import io.capa.sidecar.memory.MemoryPubSub;
import io.capa.sidecar.memory.MemorySmallBlocks;
import io.capa.sidecar.memory.MemoryState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The building blocks through the SDK over RPC to the real endpoint, against in-memory services on
 * the runtime's side: every operation, error codes, pub/sub demand and settlements, a disconnect
 * in flight, re-subscription after the runtime comes back, and the SDK-mode seam.
 */
class SdkBlocksTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  static MemoryState state = new MemoryState("store");
  static MemoryPubSub pubSub = new MemoryPubSub();
  static MemoryDatabase db = new MemoryDatabase();
  static MemoryConfiguration cfg = new MemoryConfiguration();
  static BlockServices blocks;
  static RealRuntime runtime;
  static CapaClient capa;

  @BeforeAll
  static void start() throws Exception {
    blocks = BlockServices.NONE.withState(state).withPubSub(pubSub).withSecrets(MemorySmallBlocks.secrets())
        .withLocks(MemorySmallBlocks.locks()).withSequencer(MemorySmallBlocks.sequencer())
        .withBindings(MemorySmallBlocks.bindings()).withDatabase(db).withConfiguration(cfg)
        .withTelemetry(recordingTelemetry()).withSchedules(new io.capa.sidecar.memory.MemorySchedules());
    runtime = RealRuntime.start(Files.createTempDirectory("capa-sdk-blocks"), 0, Map.of(), blocks);
    capa = CapaClient.builder().appId("blocks").runtime("127.0.0.1", runtime.port()).build();
  }

  @AfterAll
  static void stop() {
    capa.close();
    runtime.close();
    pubSub.close();
  }

  static <T> T await(CompletionStage<T> s) throws Exception {
    try {
      return s.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception c ? c : e;
    }
  }

  static ErrorCode code(CompletionStage<?> s) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> await(s));
    assertThat(t).isInstanceOf(CapaException.class);
    return ((CapaException) t).errorCode();
  }

  static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  // ---- state

  @Test
  void state_saveGetDeleteWithEtags() throws Exception {
    StateService s = capa.state();
    await(s.save("store", SaveRequest.of("sdk-k", "v1".getBytes(UTF_8))));
    StateItem item = await(s.get("store", "sdk-k", Consistency.STRONG, Map.of("traceparent", "00-a-b-01"))).orElseThrow();
    assertThat(new String(item.value(), UTF_8)).isEqualTo("v1");
    assertThat(state.lastMetadata).containsEntry("traceparent", "00-a-b-01");

    assertThat(code(s.save("store", SaveRequest.of("sdk-k", "v2".getBytes(UTF_8)).withEtag("12345678"))))
        .isEqualTo(ErrorCode.ETAG_MISMATCH);
    await(s.save("store", SaveRequest.of("sdk-k", "v2".getBytes(UTF_8)).withEtag(item.etag().orElseThrow())));
    await(s.delete("store", "sdk-k"));
    assertThat(await(s.get("store", "sdk-k"))).isEmpty();
    assertThat(code(s.get("nope", "k"))).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND);
  }

  @Test
  void state_bulkAndTransaction() throws Exception {
    StateService s = capa.state();
    await(s.transact("store", StateTransaction.of(
        TransactionOperation.upsert("sdk-t1", "a".getBytes(UTF_8)), TransactionOperation.upsert("sdk-t2", "b".getBytes(UTF_8)))));
    List<BulkGetResult> r = await(s.getBulk("store", List.of("sdk-t1", "sdk-none", "sdk-t2"), Map.of()));
    assertThat(r).extracting(BulkGetResult::key).containsExactly("sdk-t1", "sdk-none", "sdk-t2");
    assertThat(r.get(1)).isInstanceOf(BulkGetResult.Absent.class);
    assertThat(r.get(2)).isInstanceOf(BulkGetResult.Found.class);
  }

  // ---- secrets, locks, sequencer, bindings

  @Test
  void smallBlocks_eachOperation() throws Exception {
    assertThat(await(capa.secrets().get("vault", "db"))).containsEntry("user", "u");
    assertThat(await(capa.secrets().bulkGet("vault", Map.of()))).containsKeys("db", "api");
    assertThat(code(capa.secrets().get("vault", "none"))).isEqualTo(ErrorCode.SECRET_NOT_FOUND);

    String res = "sdk-res-" + System.nanoTime();
    LockRequest lock = new LockRequest("locks", res, "me", Duration.ofSeconds(10));
    assertThat(await(capa.locks().tryLock(lock))).isTrue();
    assertThat(await(capa.locks().tryLock(new LockRequest("locks", res, "other", Duration.ofSeconds(10))))).isFalse();
    assertThat(await(capa.locks().extend(lock))).isTrue();
    assertThat(await(capa.locks().unlock(new UnlockRequest("locks", res, "me")))).isEqualTo(UnlockStatus.SUCCESS);
    assertThat(await(capa.locks().unlock(new UnlockRequest("locks", res, "me")))).isEqualTo(UnlockStatus.LOCK_DOES_NOT_EXIST);

    long a = await(capa.sequencer().nextId(NextIdRequest.of("seq", "sdk-" + res, Increment.STRONG)));
    long b = await(capa.sequencer().nextId(NextIdRequest.of("seq", "sdk-" + res, Increment.WEAK)));
    assertThat(b).isGreaterThan(a);

    var echoed = await(capa.bindings().invoke(new BindingRequest("echo", "echo", "hi".getBytes(UTF_8), Map.of("k", "v"))));
    assertThat(new String(echoed.data(), UTF_8)).isEqualTo("hi");
    assertThat(echoed.metadata()).containsEntry("k", "v");
    assertThat(code(capa.bindings().invoke(BindingRequest.of("echo", "delete", new byte[0])))).isEqualTo(ErrorCode.NOT_SUPPORTED);
  }

  @Test
  void blocksNotCarried_answerNotSupported() {
    assertThat(code(capa.files().stat(new io.capa.api.files.FileRequest("f", "a", Map.of())))).isEqualTo(ErrorCode.NOT_SUPPORTED);
  }

  // ---- schedules

  @Test
  void schedules_createGetListDelete() throws Exception {
    var spec = io.capa.api.schedules.ScheduleSpec.of("sdk-job", "0 * * * *",
        io.capa.api.schedules.ScheduleTarget.app("billing", "hourly"), "x".getBytes(UTF_8));
    await(capa.schedules().create(spec));
    assertThat(await(capa.schedules().get("sdk-job")).orElseThrow().spec().target()).isEqualTo(spec.target());
    assertThat(await(capa.schedules().list())).extracting(i -> i.name()).contains("sdk-job");
    assertThat(await(capa.schedules().delete("sdk-job"))).isTrue();
    assertThat(await(capa.schedules().get("sdk-job"))).isEmpty();
  }

  // ---- telemetry

  static final List<io.capa.api.telemetry.LogRecord> logs = new CopyOnWriteArrayList<>();
  static final List<io.capa.api.telemetry.MetricPoint> metrics = new CopyOnWriteArrayList<>();

  static io.capa.api.telemetry.TelemetryService recordingTelemetry() {
    return new io.capa.api.telemetry.TelemetryService() {
      @Override
      public CompletionStage<Void> emitLogs(List<io.capa.api.telemetry.LogRecord> records) {
        logs.addAll(records);
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<Void> recordMetrics(List<io.capa.api.telemetry.MetricPoint> points) {
        metrics.addAll(points);
        return CompletableFuture.completedFuture(null);
      }
    };
  }

  @Test
  void telemetry_logsAndMetricsReachTheRuntime() throws Exception {
    String body = "sdk log " + System.nanoTime();
    await(capa.telemetry().emitLogs(List.of(io.capa.api.telemetry.LogRecord.of(io.capa.api.telemetry.Severity.INFO, body))));
    await(capa.telemetry().recordMetrics(List.of(
        io.capa.api.telemetry.MetricPoint.of("sdk.calls", io.capa.api.telemetry.MetricKind.HISTOGRAM, 2.5, "ms"))));
    assertThat(logs).extracting(io.capa.api.telemetry.LogRecord::body).contains(body);
    assertThat(metrics).anySatisfy(p -> assertThat(p.unit()).isEqualTo("ms"));
  }

  // ---- configuration

  @Test
  void configuration_getSaveDeleteAndAWatchHonouringDemand() throws Exception {
    var c = capa.configuration();
    String key = "sdk-cfg-" + System.nanoTime();
    var updates = new CopyOnWriteArrayList<io.capa.api.configuration.ConfigurationUpdate>();
    var sub = new java.util.concurrent.atomic.AtomicReference<Flow.Subscription>();
    c.subscribe(io.capa.api.configuration.ConfigurationRequest.of("cfg", key)).subscribe(new Flow.Subscriber<>() {
      public void onSubscribe(Flow.Subscription s) {
        sub.set(s);
        s.request(1);
      }

      public void onNext(io.capa.api.configuration.ConfigurationUpdate u) {
        updates.add(u);
      }

      public void onError(Throwable t) {}

      public void onComplete() {}
    });
    waitUntil("watching", () -> cfg.watches() > 0);
    for (int i = 0; i < 3; i++) {
      await(c.save("cfg", List.of(io.capa.api.configuration.ConfigurationItem.of(key, "v" + i)), Map.of()));
    }
    waitUntil("one update", () -> updates.size() == 1);
    Thread.sleep(200);
    assertThat(updates).hasSize(1);
    sub.get().request(2);
    waitUntil("three updates", () -> updates.size() == 3);
    assertThat(updates.get(2).changed().get(key).value()).isEqualTo("v2");

    assertThat(await(c.get(io.capa.api.configuration.ConfigurationRequest.of("cfg", key))).get(key).value()).isEqualTo("v2");
    await(c.delete("cfg", List.of(key), Map.of()));
    assertThat(await(c.get(io.capa.api.configuration.ConfigurationRequest.of("cfg", key)))).isEmpty();
    sub.get().cancel();
    waitUntil("unwatched", () -> cfg.watches() == 0);
  }

  // ---- database

  @Test
  void database_queryExecAndATransaction() throws Exception {
    var values = java.util.Arrays.<Object>asList("a", 1, 2L, null, java.time.LocalDate.of(2026, 11, 21));
    var r = await(capa.database().query("db", new io.capa.api.database.SqlStatement("select ?", values)));
    assertThat(r.rows().get(0)).isEqualTo(values);
    assertThat(await(capa.database().exec("db", io.capa.api.database.SqlStatement.of("update", 1, 2))).rowsAffected()).isEqualTo(2);
    assertThat(code(capa.database().query("db", io.capa.api.database.SqlStatement.of("fail")))).isEqualTo(ErrorCode.COMPONENT_FAILED);

    var tx = await(capa.database().begin("db"));
    await(tx.exec(io.capa.api.database.SqlStatement.of("insert sdk")));
    assertThat(db.transactions.get(tx.id()).end).isEqualTo(MemoryDatabase.End.OPEN);
    await(tx.commit());
    assertThat(db.transactions.get(tx.id()).end).isEqualTo(MemoryDatabase.End.COMMITTED);
    assertThat(code(tx.exec(io.capa.api.database.SqlStatement.of("insert late")))).isEqualTo(ErrorCode.TRANSACTION_NOT_FOUND);
    assertThat(db.transactions.get(tx.id()).executed).containsExactly("insert sdk");
  }

  @Test
  void database_clientClosedWithATransactionOpen_isRolledBack() throws Exception {
    String id;
    try (CapaClient other = CapaClient.builder().appId("tx-closer").runtime("127.0.0.1", runtime.port()).build()) {
      var tx = await(other.database().begin("db"));
      await(tx.exec(io.capa.api.database.SqlStatement.of("insert then close")));
      id = tx.id();
    }
    waitUntil("the runtime rolled it back", () -> db.transactions.get(id).end == MemoryDatabase.End.ROLLED_BACK);
  }

  // ---- pub/sub

  /** Requests one message at a time and records what it got; acks each after the test lets it. */
  static final class OneByOne implements Flow.Subscriber<TopicMessage> {
    final List<TopicMessage> got = new CopyOnWriteArrayList<>();
    final AtomicLong requested = new AtomicLong();
    volatile Flow.Subscription subscription;
    volatile Throwable error;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
    }

    void request(long n) {
      requested.addAndGet(n);
      subscription.request(n);
    }

    @Override
    public void onNext(TopicMessage m) {
      got.add(m);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onComplete() {}
  }

  @Test
  void subscribe_honoursDemandAndMapsSettlementsBack() throws Exception {
    String topic = "sdk-demand-" + System.nanoTime();
    OneByOne sub = new OneByOne();
    capa.pubSub().subscribe(Subscription.of("mem", topic)).subscribe(sub);
    waitUntil("subscribed", () -> pubSub.subscriptions(topic) == 1);
    for (int i = 0; i < 5; i++) {
      await(capa.pubSub().publish(PublishRequest.of("mem", topic, ("m" + i).getBytes(UTF_8), "text/plain")));
    }
    sub.request(2);
    waitUntil("two delivered", () -> sub.got.size() == 2);
    // No more than asked for, even though more are waiting.
    Thread.sleep(200);
    assertThat(sub.got).hasSize(2);

    await(sub.got.get(0).ack());
    await(sub.got.get(1).drop());
    waitUntil("settled", () -> pubSub.acked.contains(sub.got.get(0).id()) && pubSub.dropped.contains(sub.got.get(1).id()));

    sub.request(3);
    waitUntil("all five", () -> sub.got.size() == 5);
    assertThat(sub.got).extracting(m -> new String(m.data(), UTF_8)).containsExactly("m0", "m1", "m2", "m3", "m4");
    int retriedBefore = pubSub.retried.get();
    await(sub.got.get(2).retry());
    sub.request(1);
    waitUntil("redelivered", () -> sub.got.size() == 6);
    assertThat(pubSub.retried.get()).isGreaterThan(retriedBefore);
    assertThat(new String(sub.got.get(5).data(), UTF_8)).isEqualTo("m2");

    sub.subscription.cancel();
    waitUntil("cancelled", () -> pubSub.subscriptions(topic) == 0);
  }

  @Test
  void subscribe_unknownPubSub_signalsTheError() throws Exception {
    OneByOne sub = new OneByOne();
    capa.pubSub().subscribe(Subscription.of("nope", "t")).subscribe(sub);
    waitUntil("error", () -> sub.error != null);
    // The runtime accepts the subscription and the pub/sub then reports the unknown component.
    assertThat(sub.error).isInstanceOf(CapaException.class);
  }

  @Test
  void bulkPublish_perEntryOutcomes() throws Exception {
    var r = await(capa.pubSub().bulkPublish(new BulkPublishRequest("mem", "sdk-bulk", List.of(
        new BulkPublishEntry("a", "1".getBytes(UTF_8), null, Map.of()),
        new BulkPublishEntry("b", "2".getBytes(UTF_8), null, Map.of("fail", "true"))), Map.of())));
    assertThat(r.failed()).extracting(f -> f.entryId()).containsExactly("b");
  }

  // ---- disconnects

  @Test
  void runtimeRestarted_inFlightFailsUnavailable_subscriptionComesBack() throws Exception {
    HangingState hanging = new HangingState();
    MemoryPubSub ps = new MemoryPubSub();
    BlockServices b = BlockServices.NONE.withState(hanging).withPubSub(ps);
    Path dir = Files.createTempDirectory("capa-sdk-restart");
    int port = RealRuntime.freePort();
    RealRuntime first = RealRuntime.start(dir, port, Map.of(), b);
    try (CapaClient c = CapaClient.builder().appId("restart").runtime("127.0.0.1", port).build()) {
      OneByOne sub = new OneByOne();
      c.pubSub().subscribe(Subscription.of("mem", "again")).subscribe(sub);
      sub.request(10);
      waitUntil("subscribed", () -> ps.subscriptions("again") == 1);
      CompletionStage<Optional<StateItem>> inFlight = c.state().get("store", "hang");
      waitUntil("the call reached the store", () -> hanging.calls.get() == 1);

      first.close();

      assertThat(code(inFlight)).isEqualTo(ErrorCode.RUNTIME_UNAVAILABLE);
      RealRuntime second = RealRuntime.start(dir, port, Map.of(), b);
      try {
        assertThat(c.awaitConnected(WAIT)).isTrue();
        waitUntil("subscribed again", () -> ps.subscriptions("again") == 1);
        await(c.pubSub().publish(PublishRequest.of("mem", "again", "back".getBytes(UTF_8), null)));
        waitUntil("delivered after reconnection", () -> sub.got.size() == 1);
        assertThat(new String(sub.got.get(0).data(), UTF_8)).isEqualTo("back");
        await(sub.got.get(0).ack());
      } finally {
        second.close();
      }
    } finally {
      ps.close();
    }
  }

  /** A state store whose reads never answer: a call in flight when the connection ends. */
  static final class HangingState implements StateService {
    final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public CompletionStage<Optional<StateItem>> get(String store, String key, Consistency c, Map<String, String> m) {
      calls.incrementAndGet();
      return new CompletableFuture<>();
    }

    @Override
    public CompletionStage<List<BulkGetResult>> getBulk(String store, List<String> keys, Map<String, String> m) {
      return new CompletableFuture<>();
    }

    @Override
    public CompletionStage<Void> save(String store, List<SaveRequest> requests) {
      return new CompletableFuture<>();
    }

    @Override
    public CompletionStage<Void> delete(String store, io.capa.api.state.DeleteRequest request) {
      return new CompletableFuture<>();
    }

    @Override
    public CompletionStage<Void> transact(String store, StateTransaction transaction) {
      return new CompletableFuture<>();
    }
  }

  // ---- SDK mode

  @Test
  void sdkMode_withComponents_servesStateInProcess() throws Exception {
    Path components = Files.createTempDirectory("capa-sdk-components");
    Files.writeString(components.resolve("local.yaml"), "# read by the test provider for its name only\n");
    try (RealRuntime proxyless = RealRuntime.start(Files.createTempDirectory("capa-sdk-px"), 0, Map.of("capa.mode", "proxyless"));
         CapaClient c = CapaClient.builder().appId("local-app").runtime("127.0.0.1", proxyless.port())
             .prefer(Mode.SDK).components(components).build()) {
      assertThat(c.mode()).isEqualTo(Mode.SDK);
      TestLocalBlocks local = TestLocalBlocks.last;
      assertThat(local.components).isEqualTo(components);
      assertThat(local.appId).isEqualTo("local-app");

      await(c.state().save("local", SaveRequest.of("k", "in-process".getBytes(UTF_8))));
      assertThat(new String(await(local.state.get("local", "k")).orElseThrow().value(), UTF_8)).isEqualTo("in-process");
      assertThat(code(c.pubSub().publish(PublishRequest.of("mem", "t", new byte[0], null)))).isEqualTo(ErrorCode.NOT_SUPPORTED);
      c.close();
      assertThat(local.closed).isTrue();
    }
  }

  @Test
  void sdkMode_withoutComponents_blocksAnswerNotSupportedSayingWhy() throws Exception {
    try (RealRuntime proxyless = RealRuntime.start(Files.createTempDirectory("capa-sdk-px2"), 0, Map.of("capa.mode", "proxyless"));
         CapaClient c = CapaClient.builder().appId("no-components").runtime("127.0.0.1", proxyless.port())
             .prefer(Mode.SDK).build()) {
      assertThat(c.mode()).isEqualTo(Mode.SDK);
      assertThatThrownBy(() -> await(c.state().get("s", "k")))
          .isInstanceOf(CapaException.class).hasMessageContaining("components");
    }
  }
}
