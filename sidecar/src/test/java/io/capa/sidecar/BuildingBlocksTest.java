package io.capa.sidecar;

import static io.capa.sidecar.TestNode.await;
import static io.capa.sidecar.TestNode.bytes;
import static io.capa.sidecar.TestNode.code;
import static io.capa.sidecar.TestNode.failure;
import static io.capa.sidecar.TestNode.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.pubsub.PublishRequest;
import io.capa.api.state.BulkGetResult;
import io.capa.api.state.DeleteRequest;
import io.capa.api.state.SaveRequest;
import io.capa.api.state.StateItem;
import io.capa.api.state.TransactionOperation;
import io.capa.sidecar.api.BlockServices;
import io.capa.sidecar.api.SidecarEndpoint;
import io.capa.sidecar.memory.MemoryPubSub;
import io.capa.sidecar.memory.MemorySmallBlocks;
import io.capa.sidecar.memory.MemoryState;
import io.capa.sidecar.protocol.RuntimeProtocol;
import io.capa.sidecar.protocol.RuntimeProtocol.Runtime;
import io.capa.sidecar.protocol.internal.Convert;
import io.capa.sidecar.protocol.internal.PubSubConvert;
import io.capa.sidecar.protocol.internal.StateConvert;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The building blocks over RPC, with the generated clients over real TCP, against in-memory
 * services (plain maps: the far side of the mapping under test).
 */
class BuildingBlocksTest {
  static TestNode node;
  static MemoryState state = new MemoryState("store");
  static MemoryPubSub pubSub = new MemoryPubSub();
  static TestNode.Conn conn;
  static TestNode.Conn bare;
  static SidecarEndpoint blocksEndpoint;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.shared();
    BlockServices blocks = BlockServices.NONE.withState(state).withPubSub(pubSub)
        .withSecrets(MemorySmallBlocks.secrets()).withLocks(MemorySmallBlocks.locks())
        .withSequencer(MemorySmallBlocks.sequencer()).withBindings(MemorySmallBlocks.bindings());
    blocksEndpoint = node.endpoint(Map.of("capa.rpc.max-unanswered-deliveries", 8), blocks);
    conn = node.connect(blocksEndpoint);
    bare = node.connect(node.endpoint(Map.of()));
  }

  @AfterAll
  static void stop() {
    node.release();
    pubSub.close();
  }

  static CompletionStage<Optional<StateItem>> get(Runtime.Client rt, String store, String key, Map<String, String> meta) {
    return rt.getState(p -> {
      p.setStore(store);
      p.setKey(key);
      Convert.entries(meta, p.initMetadata(meta.size()));
    }).response().thenApply(r -> r.getFound() ? Optional.of(StateConvert.item(r.getItem())) : Optional.empty());
  }

  static CompletionStage<?> save(String store, SaveRequest... requests) {
    return conn.runtime.saveState(p -> {
      p.setStore(store);
      var items = p.initItems(requests.length);
      for (int i = 0; i < requests.length; i++) {
        StateConvert.save(requests[i], items.get(i));
      }
    }).response();
  }

  static CompletionStage<?> delete(DeleteRequest request) {
    return conn.runtime.deleteState(p -> {
      p.setStore("store");
      StateConvert.delete(request, p.initItem());
    }).response();
  }

  static CompletionStage<?> transact(List<TransactionOperation> ops) {
    return conn.runtime.transactState(p -> {
      p.setStore("store");
      StateConvert.operations(ops, p.initOperations(ops.size()));
      p.initMetadata(0);
    }).response();
  }

  // ---- state

  @Test
  void saveState_thenGet_returnsValueEtagAndCarriesMetadata() throws Exception {
    SaveRequest s = new SaveRequest("k-save", bytes("v1"), Optional.empty(), null, Optional.empty(),
        Map.of("traceparent", "00-abc-def-01"));
    await(save("store", s));
    assertThat(state.lastMetadata).containsEntry("traceparent", "00-abc-def-01");

    StateItem item = await(get(conn.runtime, "store", "k-save", Map.of("tracestate", "x=1"))).orElseThrow();

    assertThat(text(item.value())).isEqualTo("v1");
    assertThat(item.etag()).isPresent();
    assertThat(state.lastMetadata).containsEntry("tracestate", "x=1");
  }

  @Test
  void getState_absentKey_isNotFound() throws Exception {
    assertThat(await(get(conn.runtime, "store", "never-written", Map.of()))).isEmpty();
  }

  @Test
  void saveState_wrongEtag_isRefusedWithEtagMismatch() throws Exception {
    await(save("store", SaveRequest.of("k-etag", bytes("a"))));
    String etag = await(get(conn.runtime, "store", "k-etag", Map.of())).orElseThrow().etag().orElseThrow();

    assertThat(code(save("store", SaveRequest.of("k-etag", bytes("b")).withEtag(etag + "9")))).isEqualTo("ERR_ETAG_MISMATCH");
    assertThat(code(save("store", SaveRequest.of("k-etag", bytes("b")).withEtag("not-a-version")))).isEqualTo("ERR_ETAG_INVALID");
    await(save("store", SaveRequest.of("k-etag", bytes("c")).withEtag(etag)));
    assertThat(text(await(get(conn.runtime, "store", "k-etag", Map.of())).orElseThrow().value())).isEqualTo("c");
  }

  @Test
  void deleteState_withEtag_onlyDeletesThatVersion() throws Exception {
    await(save("store", SaveRequest.of("k-del", bytes("a"))));
    String etag = await(get(conn.runtime, "store", "k-del", Map.of())).orElseThrow().etag().orElseThrow();

    assertThat(code(delete(DeleteRequest.of("k-del").withEtag("1" + etag)))).isEqualTo("ERR_ETAG_MISMATCH");
    await(delete(DeleteRequest.of("k-del").withEtag(etag)));

    assertThat(await(get(conn.runtime, "store", "k-del", Map.of()))).isEmpty();
  }

  @Test
  void getBulkState_mixedKeys_answersEachInOrder() throws Exception {
    await(save("store", SaveRequest.of("bulk-1", bytes("one"))));
    List<BulkGetResult> results = await(conn.runtime.getBulkState(p -> {
      p.setStore("store");
      p.setKeys(List.of("bulk-1", "bulk-absent", "fail"));
      p.initMetadata(0);
    }).response().thenApply(r -> r.getResults().stream().map(StateConvert::bulkResult).toList()));

    assertThat(results).hasSize(3);
    assertThat(results.get(0)).isInstanceOf(BulkGetResult.Found.class);
    assertThat(text(((BulkGetResult.Found) results.get(0)).item().value())).isEqualTo("one");
    assertThat(results.get(1)).isEqualTo(new BulkGetResult.Absent("bulk-absent"));
    assertThat(results.get(2)).isInstanceOfSatisfying(BulkGetResult.Failed.class,
        f -> assertThat(f.code().code()).isEqualTo("ERR_COMPONENT_FAILED"));
  }

  @Test
  void transactState_oneStaleEtag_appliesNothing() throws Exception {
    await(save("store", SaveRequest.of("tx-a", bytes("a0"))));
    List<TransactionOperation> ops = List.of(
        TransactionOperation.upsert("tx-b", bytes("b1")),
        new TransactionOperation.Upsert(SaveRequest.of("tx-a", bytes("a1")).withEtag("999999")));

    assertThat(code(transact(ops))).isEqualTo("ERR_ETAG_MISMATCH");
    assertThat(await(get(conn.runtime, "store", "tx-b", Map.of()))).isEmpty();

    await(transact(List.of(TransactionOperation.upsert("tx-b", bytes("b1")), TransactionOperation.delete("tx-a"))));
    assertThat(await(get(conn.runtime, "store", "tx-b", Map.of()))).isPresent();
    assertThat(await(get(conn.runtime, "store", "tx-a", Map.of()))).isEmpty();
  }

  @Test
  void state_unknownStore_isComponentNotFound() {
    assertThat(code(get(conn.runtime, "nope", "k", Map.of()))).isEqualTo("ERR_COMPONENT_NOT_FOUND");
  }

  @Test
  void state_garbageArguments_areInvalidRequestsAndTheConnectionServesOn() throws Exception {
    // A blank key, a transaction naming one key twice, an empty transaction: refused, with what was wrong.
    assertThat(failure(get(conn.runtime, "store", "", Map.of())).reason()).startsWith("ERR_INVALID_REQUEST").contains("key");
    assertThat(failure(conn.runtime.transactState(p -> {
      p.setStore("store");
      var ops = p.initOperations(2);
      ops.get(0).initDelete().setKey("dup");
      ops.get(1).initDelete().setKey("dup");
    }).response()).reason()).startsWith("ERR_INVALID_REQUEST").contains("dup");
    assertThat(code(conn.runtime.transactState(p -> p.setStore("store")).response())).isEqualTo("ERR_INVALID_REQUEST");
    // A message with no fields at all.
    assertThat(code(conn.runtime.getState(p -> {}).response())).isEqualTo("ERR_INVALID_REQUEST");

    await(save("store", SaveRequest.of("after-garbage", bytes("ok"))));
    assertThat(await(get(conn.runtime, "store", "after-garbage", Map.of()))).isPresent();
  }

  @Test
  void blocks_notServed_answerNotSupportedNamingTheBlock() {
    assertThat(failure(get(bare.runtime, "store", "k", Map.of())).reason()).startsWith("ERR_NOT_SUPPORTED").contains("state");
    assertThat(failure(bare.runtime.publish(p -> PubSubConvert.publish(PublishRequest.of("mem", "t", bytes("x"), null),
        p.initRequest())).response()).reason()).startsWith("ERR_NOT_SUPPORTED").contains("pub/sub");
    assertThat(failure(bare.runtime.nextId(p -> {
      p.setStore("s");
      p.setKey("k");
    }).response()).reason()).contains("sequencer");
    assertThat(failure(bare.runtime.invokeBinding(p -> {
      p.setName("b");
      p.setOperation("create");
    }).response()).reason()).contains("bindings");
  }

  // ---- secrets, locks, sequencer, bindings

  @Test
  void getSecret_knownAndUnknown() throws Exception {
    Map<String, String> db = await(conn.runtime.getSecret(p -> {
      p.setStore("vault");
      p.setKey("db");
    }).response().thenApply(r -> Convert.entries(r.getValues())));
    assertThat(db).containsEntry("user", "u").containsEntry("password", "p");

    assertThat(code(conn.runtime.getSecret(p -> {
      p.setStore("vault");
      p.setKey("missing");
    }).response())).isEqualTo("ERR_SECRET_NOT_FOUND");
  }

  @Test
  void bulkGetSecrets_answersEverySecret() throws Exception {
    var names = await(conn.runtime.bulkGetSecrets(p -> p.setStore("vault")).response()
        .thenApply(r -> r.getSecrets().stream().map(RuntimeProtocol.Secret.Reader::getName).toList()));
    assertThat(names).containsExactly("db", "api");
  }

  @Test
  void locks_tryUnlockExtend_followOwnership() throws Exception {
    String res = "res-" + System.nanoTime();
    assertThat(await(conn.runtime.tryLock(p -> lockRequest(p.initRequest(), res, "a")).response()
        .thenApply(Runtime.TryLockResults.Reader::getAcquired))).isTrue();
    assertThat(await(conn.runtime.tryLock(p -> lockRequest(p.initRequest(), res, "b")).response()
        .thenApply(Runtime.TryLockResults.Reader::getAcquired))).isFalse();
    assertThat(await(conn.runtime.extendLock(p -> lockRequest(p.initRequest(), res, "a")).response()
        .thenApply(Runtime.ExtendLockResults.Reader::getExtended))).isTrue();
    assertThat(await(conn.runtime.unlock(p -> lockRequest(p.initRequest(), res, "b")).response()
        .thenApply(Runtime.UnlockResults.Reader::getStatus))).isEqualTo(RuntimeProtocol.UnlockStatus.LOCK_BELONGS_TO_OTHERS);
    assertThat(await(conn.runtime.unlock(p -> lockRequest(p.initRequest(), res, "a")).response()
        .thenApply(Runtime.UnlockResults.Reader::getStatus))).isEqualTo(RuntimeProtocol.UnlockStatus.SUCCESS);
    // No expiry: the request is refused, naming it.
    assertThat(failure(conn.runtime.tryLock(p -> {
      var r = p.initRequest();
      lockRequest(r, res, "a");
      r.setExpiryMillis(0);
    }).response()).reason()).startsWith("ERR_INVALID_REQUEST").contains("expiry");
  }

  private static void lockRequest(RuntimeProtocol.LockRequest.Builder b, String resource, String owner) {
    b.setStore("locks");
    b.setResourceId(resource);
    b.setLockOwner(owner);
    b.setExpiryMillis(10_000);
  }

  @Test
  void nextId_increasesPerKey() throws Exception {
    String key = "seq-" + System.nanoTime();
    long first = await(conn.runtime.nextId(p -> {
      p.setStore("seq");
      p.setKey(key);
      p.setIncrement(RuntimeProtocol.Increment.STRONG);
    }).response().thenApply(Runtime.NextIdResults.Reader::getId));
    long second = await(conn.runtime.nextId(p -> {
      p.setStore("seq");
      p.setKey(key);
    }).response().thenApply(Runtime.NextIdResults.Reader::getId));
    assertThat(second).isGreaterThan(first);
  }

  @Test
  void invokeBinding_echoAndUnsupportedOperation() throws Exception {
    var r = await(conn.runtime.invokeBinding(p -> {
      p.setName("echo");
      p.setOperation("echo");
      p.setData(bytes("payload"));
      Convert.entries(Map.of("traceparent", "00-1-2-01"), p.initMetadata(1));
    }).response().thenApply(x -> Map.entry(text(x.getData()), Convert.entries(x.getMetadata()))));
    assertThat(r.getKey()).isEqualTo("payload");
    assertThat(r.getValue()).containsEntry("traceparent", "00-1-2-01").containsEntry("operation", "echo");

    assertThat(code(conn.runtime.invokeBinding(p -> {
      p.setName("echo");
      p.setOperation("delete");
    }).response())).isEqualTo("ERR_NOT_SUPPORTED");
  }

  // ---- pub/sub

  @Test
  void publish_andBulkPublish_answerIdsAndPerEntryOutcomes() throws Exception {
    String id = await(conn.runtime.publish(p -> PubSubConvert.publish(PublishRequest.of("mem", "t-pub", bytes("x"), null),
        p.initRequest())).response().thenApply(Runtime.PublishResults.Reader::getEventId));
    assertThat(id).isNotBlank();

    var outcomes = await(conn.runtime.bulkPublish(p -> {
      p.setPubsubName("mem");
      p.setTopic("t-pub");
      var e = p.initEntries(2);
      e.get(0).setEntryId("ok");
      e.get(0).setData(bytes("1"));
      e.get(1).setEntryId("bad");
      Convert.entries(Map.of("fail", "true"), e.get(1).initMetadata(1));
    }).response().thenApply(r -> r.getOutcomes().stream().map(PubSubConvert::outcome).toList()));
    assertThat(outcomes).hasSize(2);
    assertThat(outcomes.get(0)).isInstanceOf(io.capa.api.pubsub.PublishOutcome.Published.class);
    assertThat(outcomes.get(1)).isInstanceOfSatisfying(io.capa.api.pubsub.PublishOutcome.Failed.class,
        f -> assertThat(f.code().code()).isEqualTo("ERR_COMPONENT_FAILED"));

    assertThat(code(conn.runtime.publish(p -> PubSubConvert.publish(PublishRequest.of("nope", "t", bytes("x"), null),
        p.initRequest())).response())).isEqualTo("ERR_COMPONENT_NOT_FOUND");
  }

  @Test
  void subscribe_slowSubscriber_runtimeHoldsAtMostTheWindowThenAllIsSettled() throws Exception {
    String topic = "slow-" + System.nanoTime();
    TestSubscriber slow = new TestSubscriber();
    var reg = subscribe(conn, topic, slow, 100);
    int total = 200;
    for (int i = 0; i < total; i++) {
      int n = i;
      await(conn.runtime.publish(p -> PubSubConvert.publish(PublishRequest.of("mem", topic, bytes("m" + n), null),
          p.initRequest())).response());
    }
    // The subscriber answers nothing: the runtime has the endpoint's maximum (8) out, no more.
    TestNode.waitUntil("slow.pending.size() == 8", () -> slow.pending.size() == 8);
    assertThat(pubSub.unsettled.get()).isEqualTo(8);

    slow.answerAll(RuntimeProtocol.Settlement.SUCCESS);
    slow.autoAnswer = RuntimeProtocol.Settlement.SUCCESS;
    slow.answerAll(RuntimeProtocol.Settlement.SUCCESS);
    TestNode.waitUntil("slow.received.size() >= total && pubSub.unsettled.get() == 0", () -> slow.received.size() >= total && pubSub.unsettled.get() == 0);

    assertThat(pubSub.maxUnsettled.get()).isLessThanOrEqualTo(8);
    assertThat(slow.received).hasSize(total);
    assertThat(slow.received.get(0)).isEqualTo("m0");
    await(reg.close_(p -> {}).response());
    TestNode.waitUntil("the subscription ends", () -> pubSub.subscriptions(topic) == 0);
  }

  @Test
  void subscribe_settlements_retryRedeliversDropDoesNot() throws Exception {
    String topic = "settle-" + System.nanoTime();
    TestSubscriber sub = new TestSubscriber();
    var reg = subscribe(conn, topic, sub, 0);
    await(conn.runtime.publish(p -> PubSubConvert.publish(PublishRequest.of("mem", topic, bytes("r"), null), p.initRequest())).response());
    TestNode.waitUntil("sub.pending.size() == 1", () -> sub.pending.size() == 1);
    sub.answerAll(RuntimeProtocol.Settlement.RETRY);
    TestNode.waitUntil("sub.pending.size() == 1", () -> sub.pending.size() == 1);
    assertThat(sub.received).containsExactly("r", "r");
    sub.answerAll(RuntimeProtocol.Settlement.DROP);
    TestNode.waitUntil("pubSub.dropped.size() >= 1", () -> pubSub.dropped.size() >= 1);
    reg.close();
  }

  @Test
  void subscribe_connectionLost_endsTheSubscriptionAndUnsettledComeBack() throws Exception {
    String topic = "lost-" + System.nanoTime();
    TestNode.Conn other = node.connect(blocksEndpoint);
    TestSubscriber sub = new TestSubscriber();
    subscribe(other, topic, sub, 4);
    await(conn.runtime.publish(p -> PubSubConvert.publish(PublishRequest.of("mem", topic, bytes("z"), null), p.initRequest())).response());
    TestNode.waitUntil("sub.pending.size() == 1", () -> sub.pending.size() == 1);
    int retriedBefore = pubSub.retried.get();

    other.close();

    TestNode.waitUntil("pubSub.retried.get() > retriedBefore", () -> pubSub.retried.get() > retriedBefore);
    TestSubscriber next = new TestSubscriber();
    next.autoAnswer = RuntimeProtocol.Settlement.SUCCESS;
    var reg = subscribe(conn, topic, next, 4);
    TestNode.waitUntil("next.received.contains('z')", () -> next.received.contains("z"));
    reg.close();
  }

  static RuntimeProtocol.Registration.Client subscribe(TestNode.Conn c, String topic, TestSubscriber s, int max) throws Exception {
    var promise = c.runtime.subscribe(p -> {
      var spec = p.initSubscription();
      spec.setPubsubName("mem");
      spec.setTopic(topic);
      p.setSubscriber(s.toClient());
      p.setMaxUnanswered(max);
    });
    RuntimeProtocol.Registration.Client reg = promise.getRegistration();
    await(promise.response());
    return reg;
  }

  @Test
  void subscribe_unknownPubSubOrNoSubscriber_isRefused() {
    assertThat(code(conn.runtime.subscribe(p -> {
      var spec = p.initSubscription();
      spec.setPubsubName("mem");
      spec.setTopic("t");
    }).response())).isEqualTo("ERR_INVALID_REQUEST");
    assertThat(code(conn.runtime.subscribe(p -> p.initSubscription()).response())).isEqualTo("ERR_INVALID_REQUEST");
    assertThat(code(conn.runtime.subscribe(p -> {
      var spec = p.initSubscription();
      spec.setPubsubName("nope");
      spec.setTopic("t");
      p.setSubscriber(new TestSubscriber().toClient());
    }).response())).isEqualTo("ERR_COMPONENT_NOT_FOUND");
  }

  @Test
  void subscribe_brokerFailsLater_subscriberIsToldWithTheErrorCode() throws Exception {
    String topic = "fails-" + System.nanoTime();
    TestSubscriber sub = new TestSubscriber();
    subscribe(conn, topic, sub, 0);
    TestNode.waitUntil("subscribed", () -> pubSub.subscriptions(topic) == 1);

    pubSub.fail(topic, new io.capa.api.CapaException(io.capa.api.ErrorCode.COMPONENT_FAILED, "broker gone"));

    TestNode.waitUntil("told", () -> sub.endedWith != null);
    assertThat(sub.endedWith).startsWith("ERR_COMPONENT_FAILED").contains("broker gone");
  }
}
