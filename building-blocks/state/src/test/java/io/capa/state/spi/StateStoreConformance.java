package io.capa.state.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.state.BulkGetResult;
import io.capa.api.state.Concurrency;
import io.capa.api.state.Consistency;
import io.capa.api.state.DeleteRequest;
import io.capa.api.state.SaveRequest;
import io.capa.api.state.StateItem;
import io.capa.api.state.StateOptions;
import io.capa.api.state.StateTransaction;
import io.capa.api.state.TransactionOperation;
import io.capa.state.api.ComponentStateService;
import io.capa.components.testkit.MapComponents;
import io.capa.state.testkit.TestComponents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every state store must have, run through {@link ComponentStateService} against a
 * real server. A backend's test extends this class and says how to create its component; one store
 * is created per test class under a random app id, so runs on shared servers never meet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StateStoreConformance {
  protected static final String STORE = "statestore";
  protected static final Duration TIMEOUT = Duration.ofSeconds(30);

  protected final String appId = "app" + UUID.randomUUID().toString().substring(0, 8);
  protected TestComponents components;
  protected StateStore store;
  protected ComponentStateService state;

  /** The component type under test, for instance {@code state.redis}. */
  protected abstract String type();

  /** The component's metadata; use unique table names on shared servers. */
  protected abstract Map<String, String> metadata();

  /** Removes what the tests left on the server (tables, keys under {@link #appId}). */
  protected abstract void cleanUp() throws Exception;

  @BeforeAll
  void createStore() throws Exception {
    components = new TestComponents(appId);
    store = (StateStore) components.create(STORE, type(), metadata());
    assertThat(TestComponents.awaitUp(store, TIMEOUT)).as("store up: %s", store.health()).isTrue();
    state = new ComponentStateService(new MapComponents().put(STORE, store), appId, components.executor());
  }

  @AfterAll
  void closeStore() throws Exception {
    try {
      cleanUp();
    } finally {
      store.close();
      components.close();
    }
  }

  protected static String key(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  protected static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  protected static void assertFails(CompletionStage<?> stage, ErrorCode code) {
    assertThatThrownBy(() -> await(stage))
        .isInstanceOfSatisfying(CapaException.class, e -> assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(code));
  }

  private Optional<StateItem> get(String key) {
    return await(state.get(STORE, key));
  }

  private String etagOf(String key) {
    return get(key).orElseThrow().etag().orElseThrow();
  }

  private static SaveRequest firstWrite(String key, byte[] value) {
    return SaveRequest.of(key, value).withOptions(new StateOptions(Consistency.STRONG, Concurrency.FIRST_WRITE));
  }

  @Test
  void get_absentKey_isEmpty() {
    assertThat(get(key("absent"))).isEmpty();
  }

  @Test
  void save_thenGet_returnsValueAndEtag() {
    String k = key("plain");
    await(state.save(STORE, SaveRequest.of(k, bytes("v1"))));

    StateItem item = get(k).orElseThrow();
    assertThat(item.key()).isEqualTo(k);
    assertThat(item.value()).isEqualTo(bytes("v1"));
    assertThat(item.etag()).isPresent();
  }

  @Test
  void save_overwrite_changesValueAndEtag() {
    String k = key("overwrite");
    await(state.save(STORE, SaveRequest.of(k, bytes("v1"))));
    String first = etagOf(k);
    await(state.save(STORE, SaveRequest.of(k, bytes("v2"))));

    assertThat(get(k).orElseThrow().value()).isEqualTo(bytes("v2"));
    assertThat(etagOf(k)).isNotEqualTo(first);
  }

  @Test
  void save_emptyValue_isKept() {
    String k = key("empty");
    await(state.save(STORE, SaveRequest.of(k, new byte[0])));

    assertThat(get(k).orElseThrow().value()).isEmpty();
  }

  @Test
  void delete_existingKey_removesIt() {
    String k = key("del");
    await(state.save(STORE, SaveRequest.of(k, bytes("x"))));
    await(state.delete(STORE, k));

    assertThat(get(k)).isEmpty();
  }

  @Test
  void delete_absentKey_succeeds() {
    await(state.delete(STORE, key("never")));
  }

  @Test
  void getBulk_presentAndAbsent_answersEachKeyInOrder() {
    String a = key("bulk-a");
    String b = key("bulk-b");
    String missing = key("bulk-missing");
    await(state.save(STORE, List.of(SaveRequest.of(a, bytes("A")), SaveRequest.of(b, bytes("B")))));

    List<BulkGetResult> results = await(state.getBulk(STORE, List.of(b, missing, a), Map.of()));

    assertThat(results).extracting(BulkGetResult::key).containsExactly(b, missing, a);
    assertThat(((BulkGetResult.Found) results.get(0)).item().value()).isEqualTo(bytes("B"));
    assertThat(results.get(1)).isInstanceOf(BulkGetResult.Absent.class);
    assertThat(((BulkGetResult.Found) results.get(2)).item().value()).isEqualTo(bytes("A"));
  }

  @Test
  void save_manyKeys_writesEveryOne() {
    List<SaveRequest> writes = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String k = key("many" + i);
      keys.add(k);
      writes.add(SaveRequest.of(k, bytes("v" + i)));
    }
    await(state.save(STORE, writes));

    List<BulkGetResult> results = await(state.getBulk(STORE, keys, Map.of()));
    for (int i = 0; i < 50; i++) {
      assertThat(((BulkGetResult.Found) results.get(i)).item().value()).isEqualTo(bytes("v" + i));
    }
  }

  @Test
  void transact_upsertsAndDeletes_appliesAll() {
    String keep = key("tx-keep");
    String gone = key("tx-gone");
    await(state.save(STORE, SaveRequest.of(gone, bytes("old"))));

    await(state.transact(STORE, StateTransaction.of(
        TransactionOperation.upsert(keep, bytes("new")), TransactionOperation.delete(gone))));

    assertThat(get(keep).orElseThrow().value()).isEqualTo(bytes("new"));
    assertThat(get(gone)).isEmpty();
  }

  @Test
  void transact_oneEtagFails_appliesNothing() {
    String fresh = key("tx-fresh");
    String existing = key("tx-existing");
    String deleted = key("tx-deleted");
    await(state.save(STORE, List.of(SaveRequest.of(existing, bytes("before")), SaveRequest.of(deleted, bytes("d")))));
    String stale = etagOf(existing);
    await(state.save(STORE, SaveRequest.of(existing, bytes("current"))));

    assertFails(state.transact(STORE, StateTransaction.of(
        TransactionOperation.upsert(fresh, bytes("x")),
        TransactionOperation.delete(deleted),
        new TransactionOperation.Upsert(SaveRequest.of(existing, bytes("lost")).withEtag(stale)))),
        ErrorCode.ETAG_MISMATCH);

    assertThat(get(fresh)).isEmpty();
    assertThat(get(deleted)).isPresent();
    assertThat(get(existing).orElseThrow().value()).isEqualTo(bytes("current"));
  }

  @Test
  void transact_firstWriteOnExistingKey_appliesNothing() {
    String fresh = key("tx-fw-fresh");
    String existing = key("tx-fw-existing");
    await(state.save(STORE, SaveRequest.of(existing, bytes("there"))));

    assertFails(state.transact(STORE, StateTransaction.of(
        TransactionOperation.upsert(fresh, bytes("x")),
        new TransactionOperation.Upsert(firstWrite(existing, bytes("again"))))), ErrorCode.ETAG_MISMATCH);

    assertThat(get(fresh)).isEmpty();
    assertThat(get(existing).orElseThrow().value()).isEqualTo(bytes("there"));
  }

  @Test
  void save_currentEtag_writes() {
    String k = key("etag-ok");
    await(state.save(STORE, SaveRequest.of(k, bytes("v1"))));

    await(state.save(STORE, SaveRequest.of(k, bytes("v2")).withEtag(etagOf(k))));

    assertThat(get(k).orElseThrow().value()).isEqualTo(bytes("v2"));
  }

  @Test
  void save_staleEtag_isRefused() {
    String k = key("etag-stale");
    await(state.save(STORE, SaveRequest.of(k, bytes("v1"))));
    String stale = etagOf(k);
    await(state.save(STORE, SaveRequest.of(k, bytes("v2"))));

    assertFails(state.save(STORE, SaveRequest.of(k, bytes("v3")).withEtag(stale)), ErrorCode.ETAG_MISMATCH);
    assertThat(get(k).orElseThrow().value()).isEqualTo(bytes("v2"));
  }

  @Test
  void save_etagOnAbsentKey_isRefused() {
    String k = key("etag-absent");
    assertFails(state.save(STORE, SaveRequest.of(k, bytes("v")).withEtag("1")), ErrorCode.ETAG_MISMATCH);
    assertThat(get(k)).isEmpty();
  }

  @Test
  void save_unreadableEtag_isEtagInvalid() {
    String k = key("etag-garbage");
    await(state.save(STORE, SaveRequest.of(k, bytes("v"))));

    assertFails(state.save(STORE, SaveRequest.of(k, bytes("w")).withEtag("not-an-etag")), ErrorCode.ETAG_INVALID);
    assertThat(get(k).orElseThrow().value()).isEqualTo(bytes("v"));
  }

  @Test
  void save_firstWriteWithoutEtag_writesOnlyAnAbsentKey() {
    String k = key("first");
    await(state.save(STORE, firstWrite(k, bytes("winner"))));

    assertFails(state.save(STORE, firstWrite(k, bytes("loser"))), ErrorCode.ETAG_MISMATCH);
    assertThat(get(k).orElseThrow().value()).isEqualTo(bytes("winner"));
  }

  @Test
  void save_firstWriteWithCurrentEtag_writes() {
    String k = key("first-etag");
    await(state.save(STORE, firstWrite(k, bytes("v1"))));

    await(state.save(STORE, firstWrite(k, bytes("v2")).withEtag(etagOf(k))));

    assertThat(get(k).orElseThrow().value()).isEqualTo(bytes("v2"));
  }

  @Test
  void save_lastWriteWithoutEtag_overwrites() {
    String k = key("last");
    SaveRequest last = SaveRequest.of(k, bytes("a")).withOptions(new StateOptions(Consistency.EVENTUAL, Concurrency.LAST_WRITE));
    await(state.save(STORE, last));
    await(state.save(STORE, SaveRequest.of(k, bytes("b")).withOptions(last.options())));

    assertThat(get(k).orElseThrow().value()).isEqualTo(bytes("b"));
  }

  @Test
  void delete_staleEtag_isRefusedAndKeyStays() {
    String k = key("del-stale");
    await(state.save(STORE, SaveRequest.of(k, bytes("v1"))));
    String stale = etagOf(k);
    await(state.save(STORE, SaveRequest.of(k, bytes("v2"))));

    assertFails(state.delete(STORE, DeleteRequest.of(k).withEtag(stale)), ErrorCode.ETAG_MISMATCH);
    assertThat(get(k)).isPresent();
  }

  @Test
  void delete_currentEtag_deletes() {
    String k = key("del-etag");
    await(state.save(STORE, SaveRequest.of(k, bytes("v1"))));

    await(state.delete(STORE, DeleteRequest.of(k).withEtag(etagOf(k))));

    assertThat(get(k)).isEmpty();
  }

  @Test
  void delete_etagOnAbsentKey_isRefused() {
    assertFails(state.delete(STORE, DeleteRequest.of(key("del-absent")).withEtag("1")), ErrorCode.ETAG_MISMATCH);
  }

  @Test
  void getAndSave_strongAndEventual_areBothAccepted() {
    String k = key("consistency");
    await(state.save(STORE, SaveRequest.of(k, bytes("s")).withOptions(new StateOptions(Consistency.STRONG, null))));
    await(state.save(STORE, SaveRequest.of(k, bytes("e")).withOptions(new StateOptions(Consistency.EVENTUAL, null))));

    assertThat(await(state.get(STORE, k, Consistency.STRONG, Map.of())).orElseThrow().value()).isEqualTo(bytes("e"));
    assertThat(await(state.get(STORE, k, Consistency.EVENTUAL, Map.of())).orElseThrow().value()).isEqualTo(bytes("e"));
  }

  @Test
  void save_ttlInSeconds_expiresTheValue() throws Exception {
    String k = key("ttl");
    String kept = key("ttl-kept");
    await(state.save(STORE, List.of(
        new SaveRequest(k, bytes("short"), Optional.empty(), null, Optional.empty(), Map.of("ttlInSeconds", "1")),
        SaveRequest.of(kept, bytes("long")))));
    assertThat(get(k)).isPresent();

    assertThat(TestComponents.await(Duration.ofSeconds(15), () -> get(k).isEmpty())).as("expired").isTrue();
    assertThat(get(kept)).isPresent();
  }

  @Test
  void save_ttlDuration_expiresAndAFreshWriteIsAllowedAsFirstWrite() throws Exception {
    String k = key("ttl-first");
    await(state.save(STORE, firstWrite(k, bytes("old")).withTtl(Duration.ofSeconds(1))));

    assertThat(TestComponents.await(Duration.ofSeconds(15), () -> get(k).isEmpty())).as("expired").isTrue();
    await(state.save(STORE, firstWrite(k, bytes("new"))));
    assertThat(get(k).orElseThrow().value()).isEqualTo(bytes("new"));
  }

  @Test
  void save_garbageTtlMetadata_isInvalidRequest() {
    String k = key("ttl-garbage");
    assertFails(state.save(STORE, new SaveRequest(k, bytes("x"), Optional.empty(), null, Optional.empty(),
        Map.of("ttlInSeconds", "soon"))), ErrorCode.INVALID_REQUEST);
    assertThat(get(k)).isEmpty();
  }

  @Test
  void save_largeValue_roundTrips() {
    String k = key("large");
    byte[] big = new byte[4 * 1024 * 1024];
    new java.util.Random(7).nextBytes(big);
    await(state.save(STORE, SaveRequest.of(k, big)));

    assertThat(Arrays.equals(get(k).orElseThrow().value(), big)).isTrue();
  }

  @Test
  void save_unicodeAndCaseDifferingKeys_areDistinct() {
    String base = key("ключ-鍵-🔑");
    await(state.save(STORE, List.of(SaveRequest.of(base + "-a", bytes("lower")), SaveRequest.of(base + "-A", bytes("upper")))));

    assertThat(get(base + "-a").orElseThrow().value()).isEqualTo(bytes("lower"));
    assertThat(get(base + "-A").orElseThrow().value()).isEqualTo(bytes("upper"));
  }

  @Test
  void save_keyIsStoredUnderTheAppIdPrefix() {
    String k = key("prefixed");
    await(state.save(STORE, SaveRequest.of(k, bytes("mine"))));

    assertThat(await(store.get(appId + "||" + k))).hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(bytes("mine")));
    ComponentStateService other = new ComponentStateService(new MapComponents().put(STORE, store), appId + "-other",
        components.executor());
    assertThat(await(other.get(STORE, k))).isEmpty();
  }

  @Test
  void keys_emptyOrWithSeparator_areInvalidRequests() {
    assertFails(state.get(STORE, ""), ErrorCode.INVALID_REQUEST);
    assertFails(state.get(STORE, "a||b"), ErrorCode.INVALID_REQUEST);
    assertFails(state.getBulk(STORE, List.of("ok", "x||y"), Map.of()), ErrorCode.INVALID_REQUEST);
  }

  @Test
  void anyCall_unknownStore_isComponentNotFound() {
    assertFails(state.get("no-such-store", "k"), ErrorCode.COMPONENT_NOT_FOUND);
    assertFails(state.save("no-such-store", SaveRequest.of("k", bytes("v"))), ErrorCode.COMPONENT_NOT_FOUND);
  }

  @Test
  void save_valueOverTheLimit_isPayloadTooLarge() {
    ComponentStateService small = new ComponentStateService(new MapComponents().put(STORE, store), appId,
        components.executor(), 1024);
    String k = key("too-large");
    assertFails(small.save(STORE, SaveRequest.of(k, new byte[1025])), ErrorCode.PAYLOAD_TOO_LARGE);
    assertThat(get(k)).isEmpty();
  }

  /** Read-modify-write with ETags from several threads: every increment that succeeded counts. */
  @Test
  void save_concurrentIncrementsWithEtags_loseNoUpdate() throws Exception {
    String k = key("counter");
    await(state.save(STORE, firstWrite(k, bytes("0"))));
    int threads = 4;
    int perThread = 20;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          int conflicts = 0;
          for (int i = 0; i < perThread; ) {
            StateItem current = get(k).orElseThrow();
            int n = Integer.parseInt(new String(current.value(), StandardCharsets.UTF_8));
            try {
              await(state.save(STORE, firstWrite(k, bytes(Integer.toString(n + 1))).withEtag(current.etag().orElseThrow())));
              i++;
            } catch (CapaException e) {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.ETAG_MISMATCH);
              conflicts++;
            }
          }
          return conflicts;
        }));
      }
      for (Future<Integer> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(new String(get(k).orElseThrow().value(), StandardCharsets.UTF_8)).isEqualTo(Integer.toString(threads * perThread));
  }
}
