package io.capa.state.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.state.SaveRequest;
import io.capa.api.state.StateItem;
import io.capa.state.api.ComponentStateService;
import io.capa.state.spi.StateStore;
import io.capa.components.testkit.MapComponents;
import io.capa.state.testkit.TestComponents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The PostgreSQL store against a private cluster that is down at start, and stopped later. */
class PostgresFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  private static void assertFailsWithComponentFailed(CompletionStage<?> stage) {
    assertThatThrownBy(() -> await(stage)).isInstanceOfSatisfying(CapaException.class,
        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_FAILED));
  }

  @Test
  void create_databaseDown_isDownAndFailsFast_thenRecovers_andAgainAfterAStop() throws Exception {
    byte[] value = "v".getBytes(StandardCharsets.UTF_8);
    try (PrivatePostgres pg = new PrivatePostgres(); TestComponents components = new TestComponents("pgfault")) {
      StateStore store = (StateStore) components.create("statestore", "state.postgresql",
          Map.of("connectionString", "postgres://postgres@127.0.0.1:" + pg.port + "/postgres"));
      try {
        ComponentStateService state = new ComponentStateService(new MapComponents().put("statestore", store), "pgfault",
            components.executor());

        assertThat(store.health().up()).isFalse();
        assertFailsWithComponentFailed(state.save("statestore", SaveRequest.of("k", value)));
        assertFailsWithComponentFailed(state.get("statestore", "k"));

        pg.start();
        assertThat(TestComponents.awaitUp(store, WAIT)).as("connected: %s", store.health()).isTrue();
        await(state.save("statestore", SaveRequest.of("k", value)));
        assertThat(await(state.get("statestore", "k")).map(StateItem::value)).hasValue(value);

        pg.stop();
        assertThat(TestComponents.await(WAIT, () -> !store.health().up())).as("down after the stop").isTrue();
        assertFailsWithComponentFailed(state.get("statestore", "k"));

        pg.start();
        assertThat(TestComponents.awaitUp(store, WAIT)).as("reconnected: %s", store.health()).isTrue();
        assertThat(TestComponents.await(WAIT, () -> {
          try {
            return await(state.get("statestore", "k")).map(StateItem::value).isPresent();
          } catch (Exception e) {
            return false; // pooled connections from before the stop are replaced one by one
          }
        })).isTrue();
      } finally {
        store.close();
      }
    }
  }
}
