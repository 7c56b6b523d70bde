package io.capa.connections.redis;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentHealth;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis connection of a component, which may start before its server does.
 *
 * <p>The first connection is attempted in the background and retried with backoff until it
 * succeeds; after that the client reconnects by itself. While there is no connection, {@link
 * #health()} is down and {@link #call} fails at once with {@code ERR_COMPONENT_FAILED} rather than
 * queueing commands for a server that may not come back.
 */
public final class RedisConnector implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(200);
  private static final Duration MAX_RETRY = Duration.ofSeconds(5);

  private final String component;
  private final RedisSettings settings;
  private final ComponentContext context;
  private final RedisClient client;
  private final Consumer<StatefulRedisConnection<String, String>> onConnect;
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile String lastError = "not connected yet";
  private volatile boolean closed;

  /**
   * @param onConnect runs once on the first connection, on the blocking executor (for setup such as
   *     enabling notifications); when it throws, the connection is dropped and retried
   */
  public RedisConnector(
      String component, RedisSettings settings, ComponentContext context,
      Consumer<StatefulRedisConnection<String, String>> onConnect) {
    this.component = component;
    this.settings = settings;
    this.context = context;
    this.onConnect = onConnect;
    this.client = RedisClient.create();
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
            .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
            .build());
  }

  /** Starts connecting in the background. */
  public RedisConnector start() {
    context.blockingExecutor().execute(() -> attempt(FIRST_RETRY));
    return this;
  }

  public RedisURI uri() {
    RedisURI.Builder b = RedisURI.builder().withHost(settings.host()).withPort(settings.port())
        .withDatabase(settings.database()).withTimeout(settings.commandTimeout());
    if (settings.password().isPresent()) {
      if (settings.username().isPresent()) {
        b.withAuthentication(settings.username().get(), settings.password().get());
      } else {
        b.withPassword(settings.password().get().toCharArray());
      }
    }
    return b.build();
  }

  /** The client, for connections of other kinds (pub/sub) that share its options. */
  public RedisClient client() {
    return client;
  }

  private void attempt(Duration delay) {
    if (closed) {
      return;
    }
    StatefulRedisConnection<String, String> c = null;
    try {
      c = client.connect(StringCodec.UTF8, uri());
      onConnect.accept(c);
      connection = c;
      if (closed) {
        c.close();
      } else {
        log.info("component '{}' connected to redis at {}", component, settings.address());
      }
    } catch (RuntimeException e) {
      if (c != null) {
        c.closeAsync();
      }
      lastError = describe(e);
      log.debug("component '{}': redis at {} unreachable, retrying in {}", component, settings.address(), delay, e);
      Duration next = delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay.multipliedBy(2);
      try {
        context.scheduler().schedule(
            () -> context.blockingExecutor().execute(() -> attempt(next)), delay.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException shutDown) {
        // the runtime is stopping; no retry needed
      }
    }
  }

  public ComponentHealth health() {
    StatefulRedisConnection<String, String> c = connection;
    if (closed) {
      return ComponentHealth.down("closed");
    }
    if (c == null) {
      return ComponentHealth.down("redis at " + settings.address() + " unreachable: " + lastError);
    }
    return c.isOpen() ? ComponentHealth.UP
        : ComponentHealth.down("redis at " + settings.address() + " disconnected; reconnecting");
  }

  /**
   * Runs a command on the connection; fails with {@code ERR_COMPONENT_FAILED} at once when there is
   * none, and with the same code when the server answers with an error.
   */
  public <T> CompletionStage<T> call(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
    StatefulRedisConnection<String, String> c = connection;
    if (c == null || !c.isOpen()) {
      return CompletableFuture.failedFuture(new CapaException(
          ErrorCode.COMPONENT_FAILED, "component '" + component + "': " + health().detail()));
    }
    CompletionStage<T> sent;
    try {
      sent = command.apply(c.async());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(failure(e));
    }
    return sent.handle((v, e) -> {
      if (e != null) {
        throw failure(e);
      }
      return v;
    });
  }

  private CapaException failure(Throwable e) {
    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof CapaException ce) {
      return ce;
    }
    return new CapaException(ErrorCode.COMPONENT_FAILED,
        "component '" + component + "': redis at " + settings.address() + " failed: " + describe(cause), cause);
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
  }

  @Override
  public void close() {
    closed = true;
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
