package io.capa.dist.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.dist.HttpFixture;
import io.capa.dist.HttpFixture.Response;
import io.capa.dist.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * The store under a running node is stopped and started again while clients write through the HTTP
 * API, on a server of the test's own for each backend. While it is down, callers get
 * ERR_PERSISTENCE_UNAVAILABLE or ERR_PERSISTENCE_FAILED (nothing else, and nothing that makes them
 * wait out their timeout), and {@code /v1.0/healthz} says the persistence is degraded. Once it is back
 * the node serves again by itself. Finally a fresh node reads every counter from the store: each
 * holds at least every acknowledged increment and at most what was sent.
 *
 * <p>{@code -Dcapa.faults.rounds=N} (default 1) restarts the store N times in one run; the {@code
 * faults} Maven profile runs 5.
 */
class BackendRestartTest {
  static final int ACTORS = 20;
  static final int CLIENTS = 6;
  static final int ROUNDS = Integer.getInteger("capa.faults.rounds", 1);
  static final Duration DOWN_FOR = Duration.ofSeconds(4);
  static final Pattern HTTP_PORT = Pattern.compile("http=127\\.0\\.0\\.1:(\\d+)");

  final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  static BackendServer server(String backend) throws IOException {
    return switch (backend) {
      case "postgres" -> new BackendServer.Postgres();
      case "mariadb" -> new BackendServer.MariaDb();
      case "redis" -> new BackendServer.Redis();
      default -> throw new IllegalArgumentException(backend);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mariadb", "redis"})
  void restartBackend_underWriteLoad_clearErrorsDegradedHealthSelfRecoveryNoLoss(String backend) throws Exception {
    BackendServer db = server(backend);
    toClose.add(db);
    db.start();
    Path config = db.dir.resolve("config.yaml");
    Files.writeString(config, String.join("\n",
        "dataDir: " + db.dir.resolve("node-data"),
        "persistence:",
        "  backend: " + db.backend(),
        "  url: " + db.url(),
        "sidecar:",
        "  port: " + BackendServer.freePort(),
        "  metricsPort: " + BackendServer.freePort(),
        "  grpcPort: " + BackendServer.freePort(),
        "cluster:",
        "  port: " + BackendServer.freePort(),
        ""));
    NodeProcess node = NodeProcess.start(db.dir.resolve("node-stderr.txt"), "run", "--config", config.toString());
    toClose.add(node);
    HttpFixture http = new HttpFixture(port(node.awaitReady(Duration.ofSeconds(180))), Duration.ofSeconds(15));

    Load load = new Load(http);
    load.start();
    for (int round = 1; round <= ROUNDS; round++) {
      load.awaitAcks(50, Duration.ofSeconds(90));
      db.stop();
      long downAt = System.nanoTime();
      String health = awaitDegraded(http, Duration.ofSeconds(30));
      assertThat(health).as("healthz while %s is down", backend).contains("\"persistence\"").contains("degraded");
      long sleepLeft = DOWN_FOR.toNanos() - (System.nanoTime() - downAt);
      if (sleepLeft > 0) {
        Thread.sleep(sleepLeft / 1_000_000);
      }
      long failuresWhileDown = load.failures.get();
      db.start();
      long upAt = System.nanoTime();
      load.awaitAcks(50, Duration.ofSeconds(60));
      long recoveredMs = (System.nanoTime() - upAt) / 1_000_000;
      assertThat(failuresWhileDown).as("callers were told while %s was down", backend).isPositive();
      assertThat(awaitHealthy(http, Duration.ofSeconds(30))).as("healthz after %s returned", backend).isEqualTo(204);
      System.out.printf("%s round %d: down %d ms, 50 acknowledged turns %d ms after the restart%n",
          backend, round, (upAt - downAt) / 1_000_000, recoveredMs);
    }
    load.stop();

    assertThat(load.otherErrors).as("errors other than the persistence ones").isEmpty();

    // A fresh node reads what the store holds.
    node.kill();
    NodeProcess second = NodeProcess.start(db.dir.resolve("node2-stderr.txt"), "run", "--config", config.toString());
    toClose.add(second);
    HttpFixture after = new HttpFixture(port(second.awaitReady(Duration.ofSeconds(180))), Duration.ofSeconds(60));
    long stored = 0;
    for (int a = 0; a < ACTORS; a++) {
      long value = after.invoke("Counter", "k" + a, "get", "").asLong();
      stored += value;
      assertThat(value).as("Counter/k%d: no acknowledged turn lost", a).isGreaterThanOrEqualTo(load.acked.get(a));
      assertThat(value).as("Counter/k%d: no turn invented", a).isLessThanOrEqualTo(load.sent.get(a));
    }
    System.out.printf("%s: %d turns acknowledged, %d refused (%s), %d client timeouts, %d in the store%n",
        backend, load.acks.get(), load.failures.get(), load.errorCodes, load.timeouts.get(), stored);
  }

  private static String awaitDegraded(HttpFixture http, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      Response r = http.get("/v1.0/healthz");
      last = r.status() + " " + r.body();
      if (r.status() == 503) {
        return r.body();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("healthz never said degraded within " + limit + "; last answer: " + last);
  }

  private static int awaitHealthy(HttpFixture http, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    int status = 0;
    while (System.nanoTime() < deadline) {
      status = http.get("/v1.0/healthz").status();
      if (status == 204) {
        return status;
      }
      Thread.sleep(200);
    }
    return status;
  }

  private static int port(String readyLine) {
    Matcher m = HTTP_PORT.matcher(readyLine);
    assertThat(m.find()).as(readyLine).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** Clients incrementing random counters; what was sent, acknowledged and refused, per counter. */
  static final class Load {
    final HttpFixture http;
    final AtomicLongArray sent = new AtomicLongArray(ACTORS);
    final AtomicLongArray acked = new AtomicLongArray(ACTORS);
    final AtomicLong acks = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();
    final Map<String, Long> errorCodes = new ConcurrentHashMap<>();
    final List<String> otherErrors = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean running = new AtomicBoolean(true);
    final List<Thread> threads = new ArrayList<>();

    Load(HttpFixture http) {
      this.http = http;
    }

    void start() {
      for (int c = 0; c < CLIENTS; c++) {
        Thread t = new Thread(this::run, "client-" + c);
        t.start();
        threads.add(t);
      }
    }

    void awaitAcks(long more, Duration limit) throws InterruptedException {
      long target = acks.get() + more;
      long deadline = System.nanoTime() + limit.toNanos();
      while (acks.get() < target) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("only " + acks.get() + " of " + target + " acknowledged turns within " + limit
              + "; refusals so far " + errorCodes + ", other errors " + otherErrors);
        }
        Thread.sleep(50);
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(Duration.ofSeconds(60).toMillis());
      }
    }

    private void run() {
      while (running.get()) {
        int a = ThreadLocalRandom.current().nextInt(ACTORS);
        sent.incrementAndGet(a); // counted before sending: a request may take effect with no answer
        try {
          Response r = http.invoke("Counter", "k" + a, "increment", "");
          if (r.status() == 200) {
            acked.accumulateAndGet(a, Long.parseLong(r.body().trim()), Math::max);
            acks.incrementAndGet();
          } else {
            failures.incrementAndGet();
            String code = r.errorCode();
            errorCodes.merge(code, 1L, Long::sum);
            if (!code.equals("ERR_PERSISTENCE_UNAVAILABLE") && !code.equals("ERR_PERSISTENCE_FAILED")) {
              otherErrors.add(r.status() + " " + r.body());
            }
            Thread.sleep(20); // a client backing off, as one should on 503
          }
        } catch (java.net.http.HttpTimeoutException e) {
          timeouts.incrementAndGet();
        } catch (IOException e) {
          otherErrors.add(e.toString());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
