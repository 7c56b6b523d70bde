package io.capa.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.Test;

/**
 * The embedded default must keep its data across restarts: H2 2.3 has lost data when it
 * compacted the file on close, which the shipped URL turns off.
 */
class H2RestartTest {
  private static final int IDS = 20;
  private static final int EVENTS_PER_START = 50;

  @Test
  void restart_severalTimes_recoversEveryEventWrittenBefore() throws Throwable {
    Config config = TestBackend.H2.freshConfig("restart_h2");
    for (int start = 0; start < 4; start++) {
      ActorSystem system = ActorSystem.create("h2-restart", config);
      try {
        JournalHarness journal = new JournalHarness(system, JdbcPersistence.JOURNAL_PLUGIN_ID);
        long before = (long) start * EVENTS_PER_START;
        for (int id = 0; id < IDS; id++) {
          String pid = "restart-" + id;
          assertThat(journal.replaySeqs(pid)).as("events of %s after %d restarts", pid, start)
              .hasSize((int) before);
          journal.write(pid, LongStream.rangeClosed(before + 1, before + EVENTS_PER_START)
              .toArray());
        }
      } finally {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }
}
