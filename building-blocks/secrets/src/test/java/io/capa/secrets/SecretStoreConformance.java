package io.capa.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.spi.SecretStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every secret store must do. A subclass creates the store holding exactly two single-valued
 * secrets, {@code alpha = one} and {@code beta = two}, the way its backend keeps them.
 */
public abstract class SecretStoreConformance {
  private SecretStore store;

  /** A new store holding {@code alpha = one} and {@code beta = two}, and nothing else. */
  protected abstract SecretStore createStore() throws Exception;

  @BeforeEach
  void createStoreUnderTest() throws Exception {
    store = createStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected SecretStore store() {
    return store;
  }

  @Test
  void get_existingKey_answersNameToValue() throws Exception {
    assertThat(get(store.get("alpha", Map.of()))).isEqualTo(Map.of("alpha", "one"));
    assertThat(get(store.get("beta", Map.of()))).isEqualTo(Map.of("beta", "two"));
  }

  @Test
  void get_unknownKey_failsSecretNotFoundNamingIt() {
    assertThatThrownBy(() -> get(store.get("gamma-missing", Map.of())))
        .cause()
        .isInstanceOfSatisfying(CapaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SECRET_NOT_FOUND))
        .hasMessageContaining("gamma-missing");
  }

  @Test
  void bulkGet_answersEverySecretByKey() throws Exception {
    assertThat(get(store.bulkGet(Map.of())))
        .isEqualTo(Map.of("alpha", Map.of("alpha", "one"), "beta", Map.of("beta", "two")));
  }

  @Test
  void get_unknownMetadata_isIgnored() throws Exception {
    assertThat(get(store.get("alpha", Map.of("unknownOption", "x")))).isEqualTo(Map.of("alpha", "one"));
  }

  @Test
  void get_manyConcurrentCalls_allAnswer() throws Exception {
    List<CompletableFuture<Map<String, String>>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(store.get(i % 2 == 0 ? "alpha" : "beta", Map.of()).toCompletableFuture());
    }
    for (int i = 0; i < calls.size(); i++) {
      assertThat(get(calls.get(i))).containsKey(i % 2 == 0 ? "alpha" : "beta");
    }
  }

  @Test
  void health_ofAWorkingStore_isUp() {
    assertThat(store.health().up()).isTrue();
  }

  protected static <T> T get(java.util.concurrent.CompletionStage<T> stage)
      throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
