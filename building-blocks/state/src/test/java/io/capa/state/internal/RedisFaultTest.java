package io.capa.state.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.state.SaveRequest;
import io.capa.api.state.StateItem;
import io.capa.components.testkit.MapComponents;
import io.capa.connections.testkit.PrivateRedis;
import io.capa.state.api.ComponentStateService;
import io.capa.state.spi.StateStore;
import io.capa.state.testkit.TestComponents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Redis store against a private redis-server that is down at start, or killed under load. */
class RedisFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void create_serverDown_isDownAndFailsFast_thenRecoversWhenTheServerStarts() throws Exception {
    try (PrivateRedis redis = PrivateRedis.durable(); TestComponents components = new TestComponents("fault")) {
      StateStore store = (StateStore) components.create("statestore", "state.redis",
          Map.of("redisHost", "127.0.0.1:" + redis.port));
      try {
        ComponentStateService state = new ComponentStateService(new MapComponents().put("statestore", store), "fault",
            components.executor());

        assertThat(store.health().up()).isFalse();
        assertThat(store.health().detail()).contains(String.valueOf(redis.port));
        assertThatThrownBy(() -> await(state.save("statestore", SaveRequest.of("k", "v".getBytes(StandardCharsets.UTF_8)))))
            .isInstanceOfSatisfying(CapaException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_FAILED));
        assertThatThrownBy(() -> await(state.get("statestore", "k")))
            .isInstanceOfSatisfying(CapaException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_FAILED));

        redis.start();

        assertThat(TestComponents.awaitUp(store, WAIT)).as("reconnected: %s", store.health()).isTrue();
        await(state.save("statestore", SaveRequest.of("k", "v".getBytes(StandardCharsets.UTF_8))));
        assertThat(await(state.get("statestore", "k")).map(StateItem::value)).hasValue("v".getBytes(StandardCharsets.UTF_8));
      } finally {
        store.close();
      }
    }
  }

  /**
   * Writers keep saving distinct keys while the server is killed and started again; every save
   * that was acknowledged must be readable afterwards (the server syncs its log on every write).
   */
  @Test
  void save_serverKilledAndRestartedUnderLoad_everyAcknowledgedWriteSurvives() throws Exception {
    try (PrivateRedis redis = PrivateRedis.durable(); TestComponents components = new TestComponents("restart")) {
      redis.start();
      StateStore store = (StateStore) components.create("statestore", "state.redis",
          Map.of("redisHost", "127.0.0.1:" + redis.port));
      ExecutorService writers = Executors.newFixedThreadPool(4);
      try {
        assertThat(TestComponents.awaitUp(store, WAIT)).isTrue();
        ComponentStateService state = new ComponentStateService(new MapComponents().put("statestore", store), "restart",
            components.executor());
        Map<String, String> acked = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          int writer = w;
          running.add(writers.submit(() -> {
            for (int i = 0; !stop.get(); i++) {
              String key = "w" + writer + "-" + i;
              String value = "value-" + writer + "-" + i;
              try {
                await(state.save("statestore", SaveRequest.of(key, value.getBytes(StandardCharsets.UTF_8))));
                acked.put(key, value);
              } catch (Exception e) {
                failures.incrementAndGet();
                Thread.sleep(5);
              }
            }
            return null;
          }));
        }
        assertThat(TestComponents.await(WAIT, () -> acked.size() >= 500)).isTrue();
        redis.kill();
        assertThat(TestComponents.await(WAIT, () -> failures.get() > 0)).as("writes fail while the server is away").isTrue();
        assertThat(TestComponents.await(WAIT, () -> !store.health().up())).as("down while the server is away").isTrue();
        int beforeRestart = acked.size();
        redis.start();
        assertThat(TestComponents.await(WAIT, () -> acked.size() >= beforeRestart + 500)).as("writes resume").isTrue();
        assertThat(store.health().up()).isTrue();
        stop.set(true);
        for (Future<?> f : running) {
          f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        List<String> keys = new ArrayList<>(acked.keySet());
        for (int from = 0; from < keys.size(); from += 500) {
          List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 500));
          var results = await(state.getBulk("statestore", chunk, Map.of()));
          for (var r : results) {
            assertThat(r).as("acknowledged key %s", r.key()).isInstanceOf(io.capa.api.state.BulkGetResult.Found.class);
            Optional<StateItem> item = Optional.of(((io.capa.api.state.BulkGetResult.Found) r).item());
            assertThat(new String(item.get().value(), StandardCharsets.UTF_8)).isEqualTo(acked.get(r.key()));
          }
        }
      } finally {
        writers.shutdownNow();
        store.close();
      }
    }
  }
}
