package io.capa.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.dist.HttpFixture.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The node is killed with SIGKILL while clients are writing. A turn the node acknowledged (200) must
 * survive; a turn nobody sent must not appear. Then the restarted node stops on SIGTERM with status 0.
 */
class KillUnderLoadTest {
  static final int ACTORS = 20;
  static final int CLIENTS = 8;
  static final Duration READY_LIMIT = Duration.ofSeconds(180);
  static final Pattern HTTP_PORT = Pattern.compile("http=127\\.0\\.0\\.1:(\\d+)");

  final List<NodeProcess> processes = new ArrayList<>();
  List<String> jvmOptions = List.of();

  @AfterEach
  void killAll() throws InterruptedException {
    for (NodeProcess p : processes) {
      p.close();
    }
  }

  /**
   * H2 is the embedded default; the servers show the same guarantee, each run in a schema (or, on
   * Redis, a key prefix) of its own so that runs never share persistence ids (the reminder partitions
   * have fixed ones). The node is killed while its journal writer holds batches of many actors' turns.
   */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres", "mariadb", "redis"})
  void sigkill_underWriteLoad_losesNoAcknowledgedTurnAndInventsNone(String backend) throws Exception {
    Path dir = Files.createTempDirectory("capa-dist-kill");
    String unique = "dist_kill_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 1_000_000;
    switch (backend) {
      case "postgres", "mariadb" -> jvmOptions = List.of("-Dcapa.persistence.jdbc.connection.schema=" + unique);
      case "redis" -> jvmOptions = List.of("-Dcapa.persistence.redis.connection.key-prefix=" + unique);
      default -> jvmOptions = List.of();
    }
    Path config = dir.resolve("config.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "dataDir: " + dir.resolve("data"),
            "persistence:",
            "  backend: " + backend,
            "sidecar:",
            "  port: " + NodeProcess.freePort(),
            "  metricsPort: " + NodeProcess.freePort(),
            "  grpcPort: " + NodeProcess.freePort(),
            "cluster:",
            "  port: " + NodeProcess.freePort(),
            ""));

    NodeProcess first = start(dir.resolve("first-stderr.txt"), config);
    HttpFixture http = new HttpFixture(port(first.awaitReady(READY_LIMIT)), Duration.ofSeconds(30));

    AtomicLongArray sent = new AtomicLongArray(ACTORS);
    AtomicLongArray acked = new AtomicLongArray(ACTORS);
    AtomicLong acks = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      Thread t = new Thread(() -> writeLoad(http, sent, acked, acks, running), "client-" + c);
      t.start();
      clients.add(t);
    }
    // About 2 s of load, and on a slow machine at least some acknowledged turns first.
    long start = System.nanoTime();
    Thread.sleep(2000);
    while (acks.get() < 50 && System.nanoTime() - start < Duration.ofSeconds(90).toNanos()) {
      Thread.sleep(100);
    }
    first.kill();
    running.set(false);
    for (Thread t : clients) {
      t.join(Duration.ofSeconds(60).toMillis());
    }
    assertThat(acks.get()).as("acknowledged turns before the kill").isPositive();

    NodeProcess second = start(dir.resolve("second-stderr.txt"), config);
    HttpFixture after = new HttpFixture(port(second.awaitReady(READY_LIMIT)), Duration.ofSeconds(60));
    long totalSent = 0;
    long totalRead = 0;
    for (int a = 0; a < ACTORS; a++) {
      long value = after.invoke("Counter", "k" + a, "get", "").asLong();
      totalSent += sent.get(a);
      totalRead += value;
      assertThat(value).as("Counter/k%d: no acknowledged turn lost", a).isGreaterThanOrEqualTo(acked.get(a));
      assertThat(value).as("Counter/k%d: no turn invented", a).isLessThanOrEqualTo(sent.get(a));
    }

    System.out.printf(
        "%s: %d turns acknowledged before SIGKILL, %d requests sent, %d turns found after restart%n",
        backend, acks.get(), totalSent, totalRead);

    second.terminate();
    assertThat(second.awaitExit(Duration.ofSeconds(120))).as("exit status after SIGTERM").isZero();
    assertThat(second.stderr()).contains("capa stopping", "capa stopped");
    assertThat(second.stdout()).hasSize(1).allMatch(l -> l.startsWith("capa ready: "));
  }

  private NodeProcess start(Path stderr, Path config) throws Exception {
    NodeProcess p = NodeProcess.start(stderr, jvmOptions, "run", "--config", config.toString());
    processes.add(p);
    return p;
  }

  private static int port(String readyLine) {
    Matcher m = HTTP_PORT.matcher(readyLine);
    assertThat(m.find()).as(readyLine).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** Increments random counters until stopped; records what was sent and the highest value acknowledged. */
  private static void writeLoad(
      HttpFixture http, AtomicLongArray sent, AtomicLongArray acked, AtomicLong acks, AtomicBoolean running) {
    while (running.get()) {
      int a = ThreadLocalRandom.current().nextInt(ACTORS);
      sent.incrementAndGet(a); // counted before sending: a request may take effect with no answer
      try {
        Response r = http.invoke("Counter", "k" + a, "increment", "");
        if (r.status() == 200) {
          long v = Long.parseLong(r.body().trim());
          acked.accumulateAndGet(a, v, Math::max);
          acks.incrementAndGet();
        }
      } catch (java.io.IOException e) {
        // The node is gone (or going): nothing was acknowledged.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
