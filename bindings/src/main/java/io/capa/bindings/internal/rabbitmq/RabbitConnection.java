package io.capa.bindings.internal.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.capa.components.spi.ComponentHealth;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * INTERNAL API. The component's one AMQP connection. It connects in the background, declares the
 * queue, and after a failure or a loss tries again after 100 ms doubling up to {@code
 * reconnectWait}; the client's own recovery is off so that the first connect retries the same way.
 */
final class RabbitConnection implements AutoCloseable {
  private static final long FIRST_WAIT_MS = 100;

  /** Opens the connection; {@code onConnected} sets up what else each new connection needs. */
  @FunctionalInterface
  interface Factory {
    RabbitConnection open(Consumer<Connection> onConnected);
  }

  private final RabbitSettings settings;
  private final ConnectionFactory factory;
  private final ScheduledExecutorService scheduler;
  private final Executor executor;
  private final Consumer<Connection> onConnected;
  private volatile Connection connection;
  private volatile ComponentHealth health;
  private volatile boolean closed;
  private long waitMs = FIRST_WAIT_MS;

  RabbitConnection(RabbitSettings settings, ConnectionFactory factory, ScheduledExecutorService scheduler,
      Executor executor, Consumer<Connection> onConnected) {
    this.settings = settings;
    this.factory = factory;
    this.scheduler = scheduler;
    this.executor = executor;
    this.onConnected = onConnected;
    this.health = ComponentHealth.down("not connected to " + safeHost() + " yet");
    executor.execute(this::connect);
  }

  ComponentHealth health() {
    return health;
  }

  /** The open connection, if there is one now. */
  Optional<Connection> current() {
    Connection c = connection;
    return c != null && c.isOpen() ? Optional.of(c) : Optional.empty();
  }

  private void connect() {
    if (closed) {
      return;
    }
    Connection c = null;
    try {
      c = factory.newConnection("capa-binding-" + settings.queueName());
      try (Channel ch = c.createChannel()) {
        ch.queueDeclare(settings.queueName(), settings.durable(), settings.exclusive(), settings.deleteWhenUnused(),
            settings.queueArguments());
      }
      Connection opened = c;
      c.addShutdownListener(cause -> {
        if (!cause.isInitiatedByApplication()) {
          health = ComponentHealth.down("connection to " + safeHost() + " lost: " + cause.getMessage());
          retryLater();
        }
      });
      onConnected.accept(opened);
      synchronized (this) {
        waitMs = FIRST_WAIT_MS;
      }
      connection = opened;
      health = ComponentHealth.UP;
      if (closed) {
        close();
      }
    } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
      health = ComponentHealth.down("cannot connect to " + safeHost() + " or declare queue '" + settings.queueName()
          + "': " + describe(e));
      if (c != null) {
        c.abort(1000);
      }
      retryLater();
    }
  }

  private static String describe(Throwable e) {
    Throwable t = e;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return e.getCause() != null && e.getCause().getMessage() != null && !m.equals(e.getCause().getMessage())
        ? m + ": " + e.getCause().getMessage() : m;
  }

  private void retryLater() {
    if (closed) {
      return;
    }
    long wait;
    synchronized (this) {
      wait = waitMs;
      waitMs = Math.min(waitMs * 2, settings.reconnectWait().toMillis());
    }
    scheduler.schedule(() -> executor.execute(this::connect), wait, TimeUnit.MILLISECONDS);
  }

  /** The host without credentials, for messages. */
  String safeHost() {
    return settings.host().replaceAll("//[^@/]*@", "//");
  }

  @Override
  public void close() {
    closed = true;
    Connection c = connection;
    if (c != null) {
      c.abort(2000);
    }
  }
}
