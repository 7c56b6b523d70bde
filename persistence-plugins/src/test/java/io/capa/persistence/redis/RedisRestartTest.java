package io.capa.persistence.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.state.DurableStateStoreRegistry;
import org.apache.pekko.persistence.state.javadsl.DurableStateUpdateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugins against a private redis-server (AOF on, fsync on every write) that this test
 * starts, stops with SIGTERM and starts again on the same port and directory. The ActorSystem
 * is never restarted: the plugins must start while Redis is down, fail promptly and clearly
 * while it is down, and work again by themselves once it is back, with every acknowledged event
 * still there.
 */
class RedisRestartTest {
  private static final long COMMAND_TIMEOUT_MS = 3000;

  @TempDir
  Path dir;

  private int port;
  private Process redis;
  private ActorSystem system;

  @BeforeEach
  void pickPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (system != null) {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (redis != null && redis.isAlive()) {
      redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void startSystem() {
    Config config = ConfigFactory.parseString(String.join("\n",
            "capa.persistence.redis.connection.command-timeout = " + COMMAND_TIMEOUT_MS + "ms",
            "capa.persistence.redis.connection.reconnect-max-delay = 1s"))
        .withFallback(RedisTestSupport.config("restart", "redis://127.0.0.1:" + port))
        .withFallback(ConfigFactory.load());
    system = ActorSystem.create("redis-restart-test", config);
  }

  private void startRedis() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("redis-server", "--port", String.valueOf(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "always",
        "--dir", dir.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()));
    redis = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!answersPing()) {
      if (!redis.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("redis-server on port " + port + " did not come up;"
            + " see " + dir.resolve("redis.log"));
      }
      Thread.sleep(50);
    }
  }

  /** SIGTERM: Redis flushes the AOF and exits. */
  private void stopRedis() throws Exception {
    redis.destroy();
    assertThat(redis.waitFor(20, TimeUnit.SECONDS)).as("redis-server exits on SIGTERM").isTrue();
  }

  private boolean answersPing() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[7];
      int n = in.read(buf);
      return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  private static void assertUnavailable(Throwable failure, int port, long elapsedMs) {
    assertThat(failure).isInstanceOfSatisfying(RedisPersistenceException.class,
            e -> assertThat(e.reason()).isEqualTo(RedisPersistenceException.Reason.UNAVAILABLE))
        .hasMessageContaining("127.0.0.1:" + port);
    assertThat(elapsedMs).as("fails at once, not after the command timeout")
        .isLessThan(COMMAND_TIMEOUT_MS);
  }

  @Test
  void plugins_redisDownAtStart_startFailPromptlyThenWorkOnceItIsUp() throws Throwable {
    startSystem();
    JournalProbe journal = new JournalProbe(system, RedisPersistence.JOURNAL_PLUGIN_ID);
    String id = "late-" + UUID.randomUUID();

    long t0 = System.nanoTime();
    Throwable failure = journal.tryWrite(id, 1);
    assertUnavailable(failure, port, (System.nanoTime() - t0) / 1_000_000);
    assertThat(failure).hasMessageContaining("appending events 1..1 of persistence id '" + id);
    Throwable replayFailure = null;
    try {
      journal.replaySeqs(id);
    } catch (Throwable t) {
      replayFailure = t;
    }
    assertThat(replayFailure).isInstanceOf(RedisPersistenceException.class);

    startRedis();
    // The very next operation connects; no restart, no retry loop.
    journal.write(id, 1, 2);
    assertThat(journal.replaySeqs(id)).containsExactly(1L, 2L);
  }

  @Test
  void journal_redisRestarted_failsWhileDownThenKeepsEveryAcknowledgedEvent() throws Throwable {
    startRedis();
    startSystem();
    JournalProbe journal = new JournalProbe(system, RedisPersistence.JOURNAL_PLUGIN_ID);
    @SuppressWarnings("unchecked")
    DurableStateUpdateStore<Object> state = DurableStateStoreRegistry.get(system)
        .getDurableStateStoreFor(DurableStateUpdateStore.class,
            RedisPersistence.STATE_PLUGIN_ID);
    String run = UUID.randomUUID().toString();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = "steady-" + run + "-" + i;
      ids.add(id);
      journal.write(id, LongStream.rangeClosed(1, 50).toArray());
    }
    state.upsertObject("state-" + run, 1, "before", "").toCompletableFuture()
        .get(20, TimeUnit.SECONDS);

    // One writer keeps appending, one event per acknowledged write, while Redis is stopped.
    String busy = "busy-" + run;
    AtomicLong acknowledged = new AtomicLong();
    ExecutorService writer = Executors.newSingleThreadExecutor();
    Future<Throwable> busyFailure = writer.submit(() -> {
      for (long seq = 1; ; seq++) {
        Throwable f = journal.tryWrite(busy, seq);
        if (f != null) {
          return f;
        }
        acknowledged.set(seq);
      }
    });
    writer.shutdown();
    while (acknowledged.get() < 20) {
      Thread.sleep(10);
    }
    stopRedis();
    Throwable busyCause = busyFailure.get(20, TimeUnit.SECONDS);
    assertThat(busyCause).isInstanceOf(RedisPersistenceException.class);
    long acked = acknowledged.get();

    // While Redis is down: journal, replay and durable state fail at once, naming Redis.
    long t0 = System.nanoTime();
    Throwable writeFailure = journal.tryWrite(ids.get(0), 51);
    assertUnavailable(writeFailure, port, (System.nanoTime() - t0) / 1_000_000);
    assertThat(writeFailure.getMessage()).contains("reconnects by itself");
    System.out.println("While Redis is down, a write fails with: " + writeFailure);
    t0 = System.nanoTime();
    Throwable stateFailure = null;
    try {
      state.upsertObject("state-" + run, 2, "while-down", "").toCompletableFuture()
          .get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      stateFailure = e.getCause();
    }
    assertUnavailable(stateFailure, port, (System.nanoTime() - t0) / 1_000_000);

    startRedis();
    long restarted = System.nanoTime();
    Throwable last = null;
    long deadline = restarted + TimeUnit.SECONDS.toNanos(30);
    do {
      last = journal.tryWrite(ids.get(0), 51);
      if (last != null) {
        Thread.sleep(100);
      }
    } while (last != null && System.nanoTime() < deadline);
    assertThat(last).as("writes work again without a restart").isNull();
    System.out.printf("Redis restart: %d events acknowledged by the busy writer before the stop;"
            + " writes worked again %d ms after redis-server answered PING%n", acked,
        (System.nanoTime() - restarted) / 1_000_000);

    assertThat(journal.replaySeqs(ids.get(0))).containsExactlyElementsOf(
        LongStream.rangeClosed(1, 51).boxed().toList());
    for (String id : ids.subList(1, ids.size())) {
      assertThat(journal.replaySeqs(id)).hasSize(50);
      assertThat(journal.highest(id)).isEqualTo(50);
    }
    // Every acknowledged event is there; the write that failed may or may not have landed.
    List<Long> busySeqs = journal.replaySeqs(busy);
    assertThat(busySeqs).startsWith(LongStream.rangeClosed(1, acked).boxed()
        .toArray(Long[]::new));
    assertThat(busySeqs.size()).isBetween((int) acked, (int) acked + 1);
    assertThat(state.getObject("state-" + run).toCompletableFuture().get(20, TimeUnit.SECONDS)
        .value()).contains("before");
    state.upsertObject("state-" + run, 2, "after", "").toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
  }
}
