package io.capa.bindings.internal.redis;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.bindings.spi.OutputBinding;
import io.capa.components.spi.ComponentHealth;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * INTERNAL API. {@code bindings.redis}: {@code create} (SET, with {@code ttlInSeconds}), {@code
 * get}, {@code delete} of the request's {@code key}. Connects in the background and again after a
 * lost connection; calls while disconnected fail at once.
 */
final class RedisOutputBinding implements OutputBinding {
  private static final Set<String> OPERATIONS = Set.of("create", "get", "delete");
  private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final String name;
  private final RedisClient client;
  private final RedisURI uri;
  private final ScheduledFuture<?> connector;
  private volatile StatefulRedisConnection<String, byte[]> connection;
  private volatile ComponentHealth health = ComponentHealth.down("not connected yet");
  private volatile boolean connecting;

  RedisOutputBinding(String name, RedisURI uri, ScheduledExecutorService scheduler) {
    this.name = name;
    this.uri = uri;
    this.client = RedisClient.create();
    this.connector = scheduler.scheduleWithFixedDelay(this::connectIfNeeded, 0, 1, TimeUnit.SECONDS);
  }

  private void connectIfNeeded() {
    StatefulRedisConnection<String, byte[]> c = connection;
    if (c != null && c.isOpen()) {
      health = ComponentHealth.UP;
      return;
    }
    if (c != null) {
      health = ComponentHealth.down("connection to " + uri.getHost() + ":" + uri.getPort() + " lost; reconnecting");
    }
    if (connecting) {
      return;
    }
    connecting = true;
    client.connectAsync(CODEC, uri).whenComplete((conn, error) -> {
      connecting = false;
      if (error == null) {
        connection = conn;
        health = ComponentHealth.UP;
      } else {
        health = ComponentHealth.down("cannot connect to " + uri.getHost() + ":" + uri.getPort() + ": " + error.getMessage());
      }
    });
  }

  @Override
  public ComponentHealth health() {
    return health;
  }

  @Override
  public Set<String> operations() {
    return OPERATIONS;
  }

  @Override
  public CompletionStage<BindingResponse> invoke(BindingRequest request) {
    String key = request.metadata().get("key");
    if (key == null || key.isEmpty()) {
      return failed(ErrorCode.INVALID_REQUEST, "metadata key is required for " + request.operation());
    }
    StatefulRedisConnection<String, byte[]> c = connection;
    if (c == null || !c.isOpen()) {
      return failed(ErrorCode.COMPONENT_FAILED, health.detail().isEmpty() ? "not connected" : health.detail());
    }
    var redis = c.async();
    CompletionStage<BindingResponse> result;
    switch (request.operation()) {
      case "create" -> {
        String ttl = request.metadata().get("ttlInSeconds");
        SetArgs args = new SetArgs();
        if (ttl != null) {
          long seconds;
          try {
            seconds = Long.parseLong(ttl.trim());
          } catch (NumberFormatException e) {
            return failed(ErrorCode.INVALID_REQUEST, "metadata ttlInSeconds: '" + ttl + "' is not a whole number");
          }
          if (seconds <= 0) {
            return failed(ErrorCode.INVALID_REQUEST, "metadata ttlInSeconds: " + seconds + " must be positive");
          }
          args = args.ex(Duration.ofSeconds(seconds));
        }
        result = redis.set(key, request.data(), args).thenApply(ok -> new BindingResponse(new byte[0], Map.of()));
      }
      case "get" -> result = redis.get(key).thenApply(v -> new BindingResponse(v == null ? new byte[0] : v,
          v == null ? Map.of("found", "false") : Map.of("found", "true")));
      default -> result = redis.del(key).thenApply(n -> new BindingResponse(new byte[0], Map.of("deleted", String.valueOf(n))));
    }
    return result.exceptionally(e -> {
      throw new CapaException(ErrorCode.COMPONENT_FAILED, "binding '" + name + "': " + e.getMessage(), e);
    });
  }

  private CompletionStage<BindingResponse> failed(ErrorCode code, String message) {
    return CompletableFuture.failedStage(new CapaException(code, "binding '" + name + "': " + message));
  }

  @Override
  public void close() {
    connector.cancel(false);
    StatefulRedisConnection<String, byte[]> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
