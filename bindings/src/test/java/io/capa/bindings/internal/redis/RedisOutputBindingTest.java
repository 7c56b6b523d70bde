package io.capa.bindings.internal.redis;

import static io.capa.bindings.testing.TestConfigs.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.bindings.spi.OutputBinding;
import io.capa.bindings.spi.OutputBindingConformance;
import io.capa.bindings.testing.TestConfigs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code bindings.redis} against the shared Redis on 127.0.0.1:6379, keys under a random prefix. */
class RedisOutputBindingTest extends OutputBindingConformance {
  private static final String PREFIX = "capa-binding-test-" + UUID.randomUUID() + ":";
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> redis;

  @BeforeAll
  static void connect() {
    client = RedisClient.create("redis://127.0.0.1:6379");
    redis = client.connect();
  }

  @AfterAll
  static void cleanUp() {
    var keys = redis.sync().keys(PREFIX + "*");
    if (!keys.isEmpty()) {
      redis.sync().del(keys.toArray(String[]::new));
    }
    redis.close();
    client.shutdown();
  }

  @Override
  protected OutputBinding createBinding() {
    return create("127.0.0.1:6379");
  }

  private static OutputBinding create(String host) {
    return (OutputBinding) new RedisBindingFactory().create(
        TestConfigs.config(NAME, "bindings.redis", Map.of("redisHost", host)), TestConfigs.context());
  }

  @Override
  protected BindingRequest validRequest(String name, int n) {
    return new BindingRequest(name, "create", ("v" + n).getBytes(StandardCharsets.UTF_8), Map.of("key", PREFIX + n));
  }

  @Override
  protected void assertEffect(BindingRequest sent, BindingResponse response) {
    assertThat(redis.sync().get(sent.metadata().get("key"))).isEqualTo(new String(sent.data(), StandardCharsets.UTF_8));
  }

  private BindingResponse call(String op, Map<String, String> md, String data) {
    return service.invoke(new BindingRequest(NAME, op, data.getBytes(StandardCharsets.UTF_8), md)).toCompletableFuture().join();
  }

  private CapaException failure(String op, Map<String, String> md) {
    try {
      call(op, md, "");
    } catch (CompletionException e) {
      return (CapaException) e.getCause();
    }
    throw new AssertionError("succeeded");
  }

  @Test
  void createGetDelete_withTtl_roundTrip() {
    String key = PREFIX + "ttl";
    call("create", Map.of("key", key, "ttlInSeconds", "100"), "hello");
    assertThat(redis.sync().ttl(key)).isBetween(1L, 100L);
    BindingResponse got = call("get", Map.of("key", key), "");
    assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(got.metadata()).containsEntry("found", "true");
    assertThat(call("delete", Map.of("key", key), "").metadata()).containsEntry("deleted", "1");
    assertThat(call("get", Map.of("key", key), "").metadata()).containsEntry("found", "false");
  }

  @Test
  void garbage_missingKeyOrBadTtl_namesTheField() {
    assertThat(failure("get", Map.of()).getMessage()).contains("key");
    CapaException ttl = failure("create", Map.of("key", PREFIX + "x", "ttlInSeconds", "soon"));
    assertThat(ttl.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(ttl.getMessage()).contains("ttlInSeconds");
    assertThat(failure("create", Map.of("key", PREFIX + "x", "ttlInSeconds", "0")).getMessage()).contains("positive");
    assertThatThrownBy(() -> create("nohost")).hasMessageContaining("redisHost");
  }

  @Test
  void serverDown_isUnhealthyAndFailsFast() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    OutputBinding down = create("127.0.0.1:" + port);
    try {
      await("a failed connection attempt", 30, () -> down.health().detail().contains("cannot connect"));
      assertThatThrownBy(() -> down.invoke(new BindingRequest(NAME, "get", new byte[0], Map.of("key", "k")))
              .toCompletableFuture().join())
          .cause().isInstanceOf(CapaException.class).hasMessageContaining("cannot connect");
    } finally {
      down.close();
    }
  }
}
