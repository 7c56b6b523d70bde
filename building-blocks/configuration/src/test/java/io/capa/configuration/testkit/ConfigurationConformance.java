package io.capa.configuration.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.configuration.ConfigurationItem;
import io.capa.configuration.spi.ConfigurationChange;
import io.capa.configuration.spi.ConfigurationStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every configuration store must do, run against the real backend by one subclass per store
 * type. Values are written behind the store's back ({@link #put}, {@link #remove}), as an operator
 * or another service would; keys are random, so runs can share a server.
 */
public abstract class ConfigurationConformance {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  protected ConfigurationStore store;
  protected String a;
  protected String b;

  protected abstract ConfigurationStore newStore() throws Exception;

  /** Sets {@code key} to {@code value} in the backend directly. */
  protected abstract void put(String key, String value) throws Exception;

  protected abstract void remove(String key) throws Exception;

  /** Whether the store implements save and delete. */
  protected boolean writable() {
    return true;
  }

  @BeforeEach
  void open() throws Exception {
    String prefix = "cfg-" + UUID.randomUUID().toString().substring(0, 8);
    a = prefix + "-a";
    b = prefix + "-b";
    put(a, "1");
    put(b, "2");
    store = newStore();
    awaitTrue(() -> store.health().up(), "store up");
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected static <T> T get(CompletionStage<T> s) throws Exception {
    return s.toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  protected static void awaitTrue(BooleanSupplier c, String what) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!c.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("not reached within " + DEADLINE + ": " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void get_keys_returnsTheirValues() throws Exception {
    Map<String, ConfigurationItem> items = get(store.get(List.of(a, b), Map.of()));
    assertThat(items).containsOnlyKeys(a, b);
    assertThat(items.get(a).value()).isEqualTo("1");
    assertThat(items.get(b).value()).isEqualTo("2");
    assertThat(items.get(a).key()).isEqualTo(a);
  }

  @Test
  void get_missingKey_isLeftOut() throws Exception {
    assertThat(get(store.get(List.of(a, a + "-missing"), Map.of()))).containsOnlyKeys(a);
  }

  @Test
  void get_noKeys_returnsEveryKey() throws Exception {
    assertThat(get(store.get(List.of(), Map.of()))).containsKeys(a, b);
  }

  @Test
  void watch_changedKey_deliversTheNewValue() throws Exception {
    List<ConfigurationChange> seen = new CopyOnWriteArrayList<>();
    try (AutoCloseable w = store.watch(List.of(a), seen::add)) {
      put(a, "changed");
      awaitTrue(() -> seen.stream().anyMatch(c -> c.changed().containsKey(a)
          && c.changed().get(a).value().equals("changed")), "change of a seen");
    }
  }

  @Test
  void watch_removedKey_deliversTheRemoval() throws Exception {
    List<ConfigurationChange> seen = new CopyOnWriteArrayList<>();
    try (AutoCloseable w = store.watch(List.of(a), seen::add)) {
      remove(a);
      awaitTrue(() -> seen.stream().anyMatch(c -> c.removed().contains(a)), "removal of a seen");
    }
    assertThat(get(store.get(List.of(a), Map.of()))).isEmpty();
  }

  @Test
  void watch_otherKeys_areNotDelivered() throws Exception {
    List<ConfigurationChange> seen = new CopyOnWriteArrayList<>();
    try (AutoCloseable w = store.watch(List.of(a), seen::add)) {
      put(b, "other");
      put(a, "mine");
      awaitTrue(() -> seen.stream().anyMatch(c -> c.changed().containsKey(a)), "change of a seen");
    }
    assertThat(seen).allSatisfy(c -> {
      assertThat(c.changed()).doesNotContainKey(b);
      assertThat(c.removed()).doesNotContain(b);
    });
  }

  @Test
  void watch_noKeys_deliversEveryKey() throws Exception {
    List<ConfigurationChange> seen = new CopyOnWriteArrayList<>();
    try (AutoCloseable w = store.watch(List.of(), seen::add)) {
      put(b, "any");
      awaitTrue(() -> seen.stream().anyMatch(c -> c.changed().containsKey(b)), "change of b seen");
    }
  }

  @Test
  void watch_closed_deliversNoMore() throws Exception {
    List<ConfigurationChange> first = new CopyOnWriteArrayList<>();
    List<ConfigurationChange> second = new CopyOnWriteArrayList<>();
    store.watch(List.of(a), first::add).close();
    try (AutoCloseable w = store.watch(List.of(a), second::add)) {
      put(a, "after-close");
      awaitTrue(() -> second.stream().anyMatch(c -> c.changed().containsKey(a)), "second watch sees the change");
    }
    assertThat(first).isEmpty();
  }

  @Test
  void save_newAndConditional_versionsAreChecked() throws Exception {
    if (!writable()) {
      assertThatThrownBy(() -> get(store.save(List.of(ConfigurationItem.of(a, "x")), Map.of())))
          .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(CapaException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED));
      return;
    }
    String c = a + "-saved";
    get(store.save(List.of(ConfigurationItem.of(c, "v1")), Map.of()));
    ConfigurationItem saved = get(store.get(List.of(c), Map.of())).get(c);
    assertThat(saved.value()).isEqualTo("v1");
    assertThat(saved.version()).isPresent();

    get(store.save(List.of(new ConfigurationItem(c, "v2", saved.version(), Map.of())), Map.of()));
    ConfigurationItem second = get(store.get(List.of(c), Map.of())).get(c);
    assertThat(second.value()).isEqualTo("v2");
    assertThat(second.version()).isPresent().isNotEqualTo(saved.version());

    assertThatThrownBy(() -> get(store.save(List.of(new ConfigurationItem(c, "v3", saved.version(), Map.of())), Map.of())))
        .cause().isInstanceOfSatisfying(CapaException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ETAG_MISMATCH));
    assertThat(get(store.get(List.of(c), Map.of())).get(c).value()).isEqualTo("v2");
    remove(c);
  }

  @Test
  void save_watched_deliversTheSavedValue() throws Exception {
    if (!writable()) {
      return;
    }
    List<ConfigurationChange> seen = new CopyOnWriteArrayList<>();
    try (AutoCloseable w = store.watch(List.of(a), seen::add)) {
      get(store.save(List.of(ConfigurationItem.of(a, "through-save")), Map.of()));
      awaitTrue(() -> seen.stream().anyMatch(c -> c.changed().containsKey(a)
          && c.changed().get(a).value().equals("through-save")), "saved value seen");
    }
  }

  @Test
  void delete_keys_areGone() throws Exception {
    if (!writable()) {
      assertThatThrownBy(() -> get(store.delete(List.of(a), Map.of())))
          .cause().isInstanceOfSatisfying(CapaException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED));
      return;
    }
    get(store.delete(List.of(a, b), Map.of()));
    assertThat(get(store.get(List.of(a, b), Map.of()))).isEmpty();
    assertThat(Optional.ofNullable(get(store.get(List.of(), Map.of())).get(a))).isEmpty();
  }
}
