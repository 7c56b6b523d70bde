package io.capa.capnp.rpc.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A peer that sends a frame slower than a byte a second. Depends on the frame decoder's
 * partial-frame progress timeout (an incomplete frame must grow by 1 KiB every 10 s): without
 * it the connection stays open for ever and this test fails after 30 s.
 */
class SlowLorisTest {
  static final Duration LIMIT = Duration.ofSeconds(30);
  static FaultServer server;

  @BeforeAll
  static void start() throws Exception {
    server = FaultServer.start("slow-loris");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void frameTrickledSlowerThanAByteASecond_connectionDroppedWithin30s() throws Exception {
    String reason;
    Duration took;
    try (RawPeer peer = server.raw()) {
      peer.send(Frames.bootstrap(0));
      peer.awaitBootstrapExport(0);
      // A table for a 1,000-word frame, then its body at one byte per 1.5 s.
      peer.send(Frames.table(0, 1000));
      long start = System.nanoTime();
      Thread trickle = new Thread(() -> {
        try {
          for (;;) {
            Thread.sleep(1500);
            peer.send(new byte[] {0});
          }
        } catch (IOException | InterruptedException e) {
          // The server dropped the connection, or the test is over.
        }
      }, "slow-loris");
      trickle.setDaemon(true);
      trickle.start();
      try {
        peer.socket.setSoTimeout((int) LIMIT.toMillis());
        try {
          reason = peer.abortReason();
        } catch (SocketTimeoutException e) {
          reason = null;
          fail("a peer sending a byte every 1.5 s still held its connection after " + LIMIT.toSeconds()
              + " s (no partial-frame progress timeout?)");
        }
        peer.awaitClosed(LIMIT);
        took = Duration.ofNanos(System.nanoTime() - start);
      } finally {
        trickle.interrupt();
      }
    }
    assertThat(took).as("time until the slow peer was dropped").isLessThan(LIMIT);
    server.assertSurvived("slow loris");
    if (reason != null) {
      assertThat(reason).as("abort reason").contains("rejected frame").contains("too slowly");
    }
  }
}
