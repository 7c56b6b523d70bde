package io.capa.persistence.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.state.DurableStateStoreRegistry;
import org.apache.pekko.persistence.state.javadsl.DurableStateUpdateStore;
import org.apache.pekko.persistence.state.javadsl.GetObjectResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The durable state contract every Capa durable state plugin must keep, run against a real
 * backend by one subclass per backend. Pekko 1.x has no TCK for durable state, so this is it.
 *
 * <p>The contract: revisions start at 1; writing revision N requires stored revision N-1 (no
 * state is revision 0); {@code deleteObject(id, N)} follows the same rule and leaves an empty
 * state at revision N, so the next write is N+1; {@code deleteObject(id, 0)} removes the state
 * and its revision. Each test uses its own persistence ids, so no cleanup is needed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DurableStateStoreSuite {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private ActorSystem system;
  private DurableStateUpdateStore<Object> store;

  /** The ActorSystem config; it must define the plugin at {@link #pluginId()}. */
  protected abstract Config config();

  protected abstract String pluginId();

  @BeforeAll
  void startSystem() {
    system = ActorSystem.create("durable-state-suite", config());
    @SuppressWarnings("unchecked")
    DurableStateUpdateStore<Object> s = DurableStateStoreRegistry.get(system)
        .getDurableStateStoreFor(DurableStateUpdateStore.class, pluginId());
    store = s;
  }

  @AfterAll
  void stopSystem() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  protected ActorSystem system() {
    return system;
  }

  protected DurableStateUpdateStore<Object> store() {
    return store;
  }

  protected static String newId(String what) {
    return what + "-" + UUID.randomUUID();
  }

  protected static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  private GetObjectResult<Object> get(String id) throws Exception {
    return await(store.getObject(id));
  }

  @Test
  void getObject_unknownId_isEmptyAtRevisionZero() throws Exception {
    GetObjectResult<Object> r = get(newId("unknown"));
    assertThat(r.value()).isEmpty();
    assertThat(r.revision()).isZero();
  }

  @Test
  void upsertObject_consecutiveRevisions_storesLatest() throws Exception {
    String id = newId("consecutive");
    for (int rev = 1; rev <= 5; rev++) {
      await(store.upsertObject(id, rev, "value-" + rev, "tag"));
    }
    GetObjectResult<Object> r = get(id);
    assertThat(r.value()).contains("value-5");
    assertThat(r.revision()).isEqualTo(5);
  }

  @Test
  void upsertObject_firstRevisionTwice_secondFails() throws Exception {
    String id = newId("insert-twice");
    await(store.upsertObject(id, 1, "first", ""));
    assertThatThrownBy(() -> await(store.upsertObject(id, 1, "second", "")))
        .hasMessageContaining(id);
    assertThat(get(id).value()).contains("first");
  }

  @Test
  void upsertObject_skippedRevision_failsNamingIdAndRevisions() throws Exception {
    String id = newId("skipped");
    await(store.upsertObject(id, 1, "one", ""));
    assertThatThrownBy(() -> await(store.upsertObject(id, 3, "three", "")))
        .hasMessageContaining(id).hasMessageContaining("3").hasMessageContaining("1");
    assertThat(get(id).revision()).isEqualTo(1);
  }

  @Test
  void upsertObject_staleRevision_fails() throws Exception {
    String id = newId("stale");
    await(store.upsertObject(id, 1, "one", ""));
    await(store.upsertObject(id, 2, "two", ""));
    assertThatThrownBy(() -> await(store.upsertObject(id, 2, "two-again", "")))
        .hasMessageContaining(id);
    assertThat(get(id).value()).contains("two");
  }

  @Test
  void upsertObject_racingWritersOfOneRevision_exactlyOneWins() throws Exception {
    int ids = 50;
    List<String> names = new ArrayList<>();
    List<CompletableFuture<Done>> first = new ArrayList<>();
    List<CompletableFuture<Done>> second = new ArrayList<>();
    for (int i = 0; i < ids; i++) {
      String id = newId("race");
      names.add(id);
      await(store.upsertObject(id, 1, "base", ""));
    }
    for (String id : names) {
      first.add(store.upsertObject(id, 2, "a", "").toCompletableFuture());
      second.add(store.upsertObject(id, 2, "b", "").toCompletableFuture());
    }
    for (int i = 0; i < ids; i++) {
      boolean aWon = succeeded(first.get(i));
      boolean bWon = succeeded(second.get(i));
      assertThat(aWon ^ bWon).as("exactly one writer of %s wins", names.get(i)).isTrue();
      GetObjectResult<Object> r = get(names.get(i));
      assertThat(r.revision()).isEqualTo(2);
      assertThat(r.value()).contains(aWon ? "a" : "b");
    }
  }

  private static boolean succeeded(CompletableFuture<Done> f) {
    try {
      f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void upsertObject_manyIdsConcurrently_allStored() throws Exception {
    List<String> names = new ArrayList<>();
    List<CompletableFuture<Done>> writes = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String id = newId("many");
      names.add(id);
      writes.add(store.upsertObject(id, 1, "v" + i, "").toCompletableFuture());
    }
    await(CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0])));
    for (int i = 0; i < names.size(); i += 50) {
      assertThat(get(names.get(i)).value()).contains("v" + i);
    }
  }

  @Test
  void deleteObject_wrongRevision_failsAndKeepsState() throws Exception {
    String id = newId("delete-wrong");
    await(store.upsertObject(id, 1, "one", ""));
    await(store.upsertObject(id, 2, "two", ""));
    assertThatThrownBy(() -> await(store.deleteObject(id, 2))).hasMessageContaining(id);
    assertThatThrownBy(() -> await(store.deleteObject(id, 5))).hasMessageContaining(id);
    GetObjectResult<Object> r = get(id);
    assertThat(r.value()).contains("two");
    assertThat(r.revision()).isEqualTo(2);
  }

  @Test
  void deleteObject_nextRevision_leavesEmptyStateAtThatRevision() throws Exception {
    String id = newId("delete");
    await(store.upsertObject(id, 1, "one", ""));
    await(store.deleteObject(id, 2));
    GetObjectResult<Object> r = get(id);
    assertThat(r.value()).isEmpty();
    assertThat(r.revision()).isEqualTo(2);
  }

  @Test
  void deleteObject_thenRecreate_continuesRevisions() throws Exception {
    String id = newId("recreate");
    await(store.upsertObject(id, 1, "one", ""));
    await(store.deleteObject(id, 2));
    assertThatThrownBy(() -> await(store.upsertObject(id, 1, "again", "")))
        .hasMessageContaining(id);
    await(store.upsertObject(id, 3, "three", ""));
    GetObjectResult<Object> r = get(id);
    assertThat(r.value()).contains("three");
    assertThat(r.revision()).isEqualTo(3);
  }

  @Test
  void deleteObject_revisionZero_removesStateAndRevision() throws Exception {
    String id = newId("purge");
    await(store.upsertObject(id, 1, "one", ""));
    await(store.upsertObject(id, 2, "two", ""));
    await(store.deleteObject(id, 0));
    assertThat(get(id).revision()).isZero();
    await(store.upsertObject(id, 1, "fresh", ""));
    assertThat(get(id).value()).contains("fresh");
  }

  @Test
  void deleteObject_oneId_leavesOtherIdsAlone() throws Exception {
    String id = newId("delete-one");
    String other = newId("delete-other");
    await(store.upsertObject(id, 1, "mine", ""));
    await(store.upsertObject(other, 1, "theirs", ""));
    await(store.deleteObject(id, 2));
    assertThat(get(other).value()).contains("theirs");
    assertThat(get(other).revision()).isEqualTo(1);
  }

  @Test
  void upsertObject_largeValue_roundTrips() throws Exception {
    String id = newId("large");
    String large = "x".repeat(2 * 1024 * 1024 - 7) + UUID.randomUUID();
    await(store.upsertObject(id, 1, large, ""));
    Optional<Object> value = get(id).value();
    assertThat(value).isPresent();
    assertThat((String) value.get()).isEqualTo(large);
  }
}
