package io.capa.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/**
 * The plugins start while their database is down, fail operations meanwhile, and work (tables
 * created on first use) once it is up, without restarting the ActorSystem.
 */
class DatabaseStartsLaterTest {

  @Test
  void journal_databaseUpAfterStart_failsMeanwhileThenWorks() throws Throwable {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createDirectories(Path.of("target", "h2", "late-" + UUID.randomUUID()));
    Config config = ConfigFactory.parseString(String.join("\n",
        "capa.persistence.jdbc.connection.url = \"jdbc:h2:tcp://127.0.0.1:" + port
            + "/late;MAX_COMPACT_TIME=0\"",
        "capa.persistence.jdbc.connection.connection-timeout = 1s",
        "capa.persistence.jdbc.journal.table = late_journal"))
        .withFallback(TestBackend.H2.config("late"));
    ActorSystem system = ActorSystem.create("database-starts-later", config);
    Server server = null;
    try {
      JournalHarness journal = new JournalHarness(system, JdbcPersistence.JOURNAL_PLUGIN_ID);
      String id = "late-" + UUID.randomUUID();

      TestKit probe = new TestKit(system);
      journal.sendWrite(probe.getRef(), id, 1);
      JournalProtocol.WriteMessagesFailed failed =
          probe.expectMsgClass(JournalHarness.TIMEOUT, JournalProtocol.WriteMessagesFailed.class);
      assertThat(failed.cause()).isInstanceOfSatisfying(JdbcWriteException.class,
          e -> assertThat(e.reason()).isEqualTo(JdbcWriteException.Reason.DATABASE_ERROR));
      assertThatThrownBy(() -> journal.replaySeqs(id)).isInstanceOf(Exception.class);

      server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists",
          "-baseDir", dir.toAbsolutePath().toString()).start();

      journal.write(id, 1, 2);
      assertThat(journal.replaySeqs(id)).containsExactly(1L, 2L);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (server != null) {
        server.stop();
      }
    }
  }
}
