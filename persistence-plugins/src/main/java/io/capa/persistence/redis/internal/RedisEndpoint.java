package io.capa.persistence.redis.internal;

import io.capa.persistence.redis.RedisPersistenceException;
import io.capa.persistence.redis.RedisPersistenceException.Reason;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.event.LoggingAdapter;

/**
 * INTERNAL API. Everything one connection block owns: the Lettuce client and its event loops,
 * the one connection every plugin of the block pipelines its commands on, and the executor that
 * completes the plugins' futures.
 *
 * <p>Failure behaviour, which the README documents:
 * <ul>
 *   <li>Nothing blocks or throws at start. The first connection is opened asynchronously and
 *       again on demand until it succeeds, so plugins start while Redis is down.</li>
 *   <li>Once connected, Lettuce reconnects by itself (exponential delay up to
 *       reconnect-max-delay). While it is disconnected, commands are rejected at once
 *       (REJECT_COMMANDS) instead of being buffered without bound, and every command has the
 *       command-timeout.</li>
 *   <li>Lettuce completes futures on its Netty event loop. Results are handed to the callback
 *       executor before anything else runs, so deserialization, replay callbacks and Pekko's
 *       continuations never run on (or block) a Netty thread.</li>
 * </ul>
 */
public final class RedisEndpoint implements AutoCloseable {
  private final RedisSettings settings;
  private final ClientResources resources;
  private final RedisClient client;
  private final ExecutorService callbacks;
  private final LoggingAdapter log;

  private volatile StatefulRedisConnection<byte[], byte[]> connection;
  private CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connecting;
  private boolean closed;
  private boolean warnedUnreachable;

  public RedisEndpoint(RedisSettings settings, LoggingAdapter log) {
    this.settings = settings;
    this.log = log;
    this.resources = ClientResources.builder()
        .ioThreadPoolSize(settings.ioThreads())
        .computationThreadPoolSize(settings.ioThreads())
        .commandLatencyRecorder(CommandLatencyRecorder.disabled())
        .reconnectDelay(Delay.exponential(Duration.ofMillis(50), settings.reconnectMaxDelay(),
            2, TimeUnit.MILLISECONDS))
        .build();
    this.client = RedisClient.create(resources, settings.uri());
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .requestQueueSize(settings.requestQueueSize())
        .timeoutOptions(TimeoutOptions.builder().fixedTimeout(settings.commandTimeout()).build())
        .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout())
            .keepAlive(true).build())
        .build());
    AtomicInteger n = new AtomicInteger();
    // Holds one task per completed command; the commands in flight are bounded by
    // request-queue-size and by the callers.
    this.callbacks = Executors.newFixedThreadPool(settings.callbackThreads(), r -> {
      Thread t = new Thread(r, "capa-redis-callback-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    // Connect early so the first operation does not pay for it; a failure only logs.
    connection();
  }

  public RedisSettings settings() {
    return settings;
  }

  /**
   * Runs a command on the shared connection. The future completes on the callback executor,
   * with a {@link RedisPersistenceException} naming {@code what} when Redis cannot be reached,
   * times out or answers with an error.
   *
   * @param what the operation, for error messages, e.g. "replaying events of 'p'"
   */
  public <T> CompletableFuture<T> run(String what,
      Function<RedisAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> command) {
    CompletableFuture<T> out = new CompletableFuture<>();
    connection()
        .thenCompose(c -> command.apply(c.async()))
        .whenComplete((value, error) -> handOff(out, value,
            error == null ? null : translate(error, what)));
    return out;
  }

  /** Runs a script with EVALSHA, falling back to EVAL when Redis does not know it (yet). */
  public CompletableFuture<List<Object>> eval(LuaScript script, String what, byte[][] keys,
      byte[]... args) {
    return run(what, c -> c.<List<Object>>evalsha(script.sha1(), ScriptOutputType.MULTI, keys,
            args)
        .exceptionallyCompose(e -> unwrap(e) instanceof RedisNoScriptException
            ? c.<List<Object>>eval(script.body(), ScriptOutputType.MULTI, keys, args)
            : CompletableFuture.failedFuture(unwrap(e))));
  }

  private <T> void handOff(CompletableFuture<T> out, T value, Throwable error) {
    try {
      callbacks.execute(() -> {
        if (error == null) {
          out.complete(value);
        } else {
          out.completeExceptionally(error);
        }
      });
    } catch (RejectedExecutionException e) {
      out.completeExceptionally(new RedisPersistenceException(Reason.SHUT_DOWN,
          "The Redis persistence plugins of " + settings.path() + " are shut down", error));
    }
  }

  /**
   * The shared connection, opening it when there is none yet. Concurrent callers share one
   * attempt; a failed attempt is forgotten, so the next operation tries again. After the first
   * success Lettuce owns reconnecting.
   */
  private CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connection() {
    StatefulRedisConnection<byte[], byte[]> c = connection;
    if (c != null) {
      return CompletableFuture.completedFuture(c);
    }
    synchronized (this) {
      if (connection != null) {
        return CompletableFuture.completedFuture(connection);
      }
      if (closed) {
        return CompletableFuture.failedFuture(new RedisPersistenceException(Reason.SHUT_DOWN,
            "The Redis persistence plugins of " + settings.path() + " are shut down", null));
      }
      if (connecting == null) {
        CompletableFuture<StatefulRedisConnection<byte[], byte[]>> attempt =
            client.connectAsync(ByteArrayCodec.INSTANCE, settings.uri()).toCompletableFuture();
        connecting = attempt;
        // May run at once (and reset connecting) when the attempt failed synchronously.
        attempt.whenComplete(this::connected);
        return attempt;
      }
      return connecting;
    }
  }

  private void connected(StatefulRedisConnection<byte[], byte[]> c, Throwable error) {
    boolean closeIt = false;
    boolean warn = false;
    synchronized (this) {
      connecting = null;
      if (c != null) {
        closeIt = closed;
        if (!closed) {
          connection = c;
          warnedUnreachable = false;
        }
      } else if (!warnedUnreachable) {
        warnedUnreachable = true;
        warn = true;
      }
    }
    if (closeIt) {
      c.closeAsync();
    } else if (c != null) {
      log.info("Redis persistence [{}] connected to {}", settings.path(), settings.describe());
    } else if (warn) {
      log.warning("Redis persistence [{}] cannot reach {} yet; operations fail until it can,"
          + " and it is tried again on each operation: {}", settings.path(),
          settings.describe(), unwrap(error).getMessage());
    }
  }

  /** Turns Lettuce's failures into exceptions that say which Redis, what and why. */
  RuntimeException translate(Throwable error, String what) {
    Throwable e = unwrap(error);
    String redis = "Redis " + settings.describe() + " (" + settings.path() + ")";
    if (e instanceof RedisCommandTimeoutException) {
      return new RedisPersistenceException(Reason.TIMEOUT, redis + " did not answer within "
          + settings.commandTimeout().toMillis() + " ms while " + what
          + "; the command may or may not have run", e);
    }
    if (e instanceof RedisLoadingException) {
      return new RedisPersistenceException(Reason.UNAVAILABLE, redis
          + " is still loading its data set, while " + what + ": " + e.getMessage(), e);
    }
    if (e instanceof RedisCommandExecutionException) {
      return new RedisPersistenceException(Reason.REDIS_ERROR, redis + " refused " + what
          + ": " + e.getMessage(), e);
    }
    // Lettuce has no type of its own for a full command queue, only these messages (from the
    // queue of commands to send and from the stack of commands awaiting an answer).
    if (e instanceof RedisException && e.getMessage() != null
        && (e.getMessage().startsWith("Request queue size exceeded")
            || e.getMessage().startsWith("Internal stack size exceeded"))) {
      return new RedisPersistenceException(Reason.QUEUE_FULL, redis + " has "
          + settings.requestQueueSize() + " commands (request-queue-size) waiting for answers;"
          + " refused " + what, e);
    }
    if (e instanceof RedisException || e instanceof IOException) {
      return new RedisPersistenceException(Reason.UNAVAILABLE, redis + " is unavailable while "
          + what + ": " + withoutFinalStop(e.getMessage())
          + ". The client reconnects by itself.", e);
    }
    return e instanceof RuntimeException re ? re : new CompletionException(e);
  }

  private static String withoutFinalStop(String message) {
    return message != null && message.endsWith(".")
        ? message.substring(0, message.length() - 1) : String.valueOf(message);
  }

  static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  @Override
  public void close() {
    StatefulRedisConnection<byte[], byte[]> c;
    synchronized (this) {
      closed = true;
      c = connection;
      connection = null;
    }
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3000);
    callbacks.shutdown();
  }
}
