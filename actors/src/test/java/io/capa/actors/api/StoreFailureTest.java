package io.capa.actors.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What callers see when the store under the actors fails: unreadable data, and a database that
 * goes away and comes back. The database here is H2 (a file, and a TCP server the test stops and
 * starts); dist's BackendRestartTest does the same against PostgreSQL, MariaDB and Redis servers.
 */
class StoreFailureTest {
  ActorRuntime runtime;
  Server server;

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  static ActorRuntime start(Path dataDir, String url) {
    ActorRuntime.Builder b = ActorRuntime.builder()
        .register(TestActors.keeper())
        .setting("capa.persistence.backend", "h2")
        .setting("capa.data-dir", dataDir.toString())
        .setting("capa.cluster.port", 0)
        .setting("capa.actors.reminders.partitions", 2);
    if (url != null) {
      b.setting("capa.persistence.url", url);
    }
    return b.start();
  }

  static String call(ActorRuntime r, String id, String method, String payload, Duration timeout) throws Exception {
    byte[] out = r.client()
        .invoke(new ActorId("Keeper", id), method, payload.getBytes(StandardCharsets.UTF_8), timeout)
        .toCompletableFuture()
        .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    return new String(out, StandardCharsets.UTF_8);
  }

  static CapaException failureOf(Exception e) {
    Throwable t = e instanceof ExecutionException || e instanceof CompletionException ? e.getCause() : e;
    if (t instanceof CapaException ce) {
      return ce;
    }
    throw new AssertionError("expected a CapaException, got " + e, e);
  }

  @Test
  void call_unreadableEvent_failsAtOnceNamingThePersistenceId() throws Exception {
    Path dir = Files.createTempDirectory("capa-store-corrupt");
    runtime = start(dir, null);
    for (int i = 0; i < 3; i++) {
      call(runtime, "bad", "add", "1", Duration.ofSeconds(30));
    }
    call(runtime, "good", "add", "7", Duration.ofSeconds(30));
    runtime.close();
    runtime = null;

    // An event written by a serializer this node does not have (another version, another product).
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve("capa"), "sa", "");
        Statement st = c.createStatement()) {
      int rows = st.executeUpdate("UPDATE capa_journal SET ser_id = 987654 WHERE persistence_id = 'capa-actor-Keeper|bad'");
      assertThat(rows).as("events of Keeper/bad").isEqualTo(3);
    }

    runtime = start(dir, null);
    long begin = System.nanoTime();
    try {
      call(runtime, "bad", "total", "", Duration.ofSeconds(30));
      fail("an actor with an unreadable event answered");
    } catch (ExecutionException e) {
      CapaException ce = failureOf(e);
      assertThat(ce.errorCode()).isEqualTo(ErrorCode.PERSISTENCE_FAILED);
      assertThat(ce.getMessage()).contains("capa-actor-Keeper|bad").contains("987654");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).as("time to the error").isLessThan(Duration.ofSeconds(10));
    // The store itself is fine: other actors serve, and the node does not call it unavailable.
    assertThat(call(runtime, "good", "total", "", Duration.ofSeconds(30))).isEqualTo("7");
    assertThat(runtime.persistenceStatus().available()).isTrue();
  }

  @Test
  void call_databaseGoesAwayAndReturns_clearErrorsThenServesWithoutRestart() throws Exception {
    Path base = Files.createTempDirectory("capa-store-outage");
    server = Server.createTcpServer("-tcpPort", "0", "-baseDir", base.toString(), "-ifNotExists").start();
    int port = server.getPort();
    String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/capa;WRITE_DELAY=0";
    runtime = start(base, url);
    long acked = Long.parseLong(call(runtime, "k", "add", "1", Duration.ofSeconds(30)));

    server.stop();
    List<CapaException> errors = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (runtime.persistenceStatus().available() && System.nanoTime() < deadline) {
      try {
        acked = Long.parseLong(call(runtime, "k", "add", "1", Duration.ofSeconds(20)));
      } catch (ExecutionException e) {
        errors.add(failureOf(e));
      }
    }
    assertThat(runtime.persistenceStatus().available()).as("status while the database is down").isFalse();
    assertThat(runtime.persistenceStatus().detail()).isNotEmpty();
    // Now calls are refused at once, with the reason.
    long begin = System.nanoTime();
    try {
      call(runtime, "k", "add", "1", Duration.ofSeconds(20));
      fail("a turn succeeded while the database was down");
    } catch (ExecutionException e) {
      errors.add(failureOf(e));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(2));
    assertThat(errors)
        .isNotEmpty()
        .allSatisfy(ce -> assertThat(ce.errorCode()).isIn(ErrorCode.PERSISTENCE_UNAVAILABLE, ErrorCode.PERSISTENCE_FAILED));
    assertThat(errors.get(errors.size() - 1).getMessage()).contains("Keeper/k").contains("state store is unavailable");

    server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", base.toString(), "-ifNotExists").start();
    long after = -1;
    deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (after < 0 && System.nanoTime() < deadline) {
      try {
        after = Long.parseLong(call(runtime, "k", "add", "1", Duration.ofSeconds(20)));
      } catch (ExecutionException e) {
        assertThat(failureOf(e).errorCode()).isIn(ErrorCode.PERSISTENCE_UNAVAILABLE, ErrorCode.PERSISTENCE_FAILED);
        Thread.sleep(200);
      }
    }
    assertThat(after).as("a turn succeeds again without a restart").isGreaterThan(acked);
    assertThat(runtime.persistenceStatus().available()).isTrue();
  }
}
