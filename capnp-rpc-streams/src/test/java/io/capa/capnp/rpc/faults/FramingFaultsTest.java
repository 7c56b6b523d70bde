package io.capa.capnp.rpc.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Segment tables the framing layer must reject (limits of ReaderOptions.DEFAULT: 512
 * segments, 64 MiB): the hostile connection gets an abort naming the frame problem and is
 * closed; the server goes on serving and frees the connection.
 */
class FramingFaultsTest {
  static FaultServer server;

  @BeforeAll
  static void start() throws Exception {
    server = FaultServer.start("framing-faults");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static Stream<Arguments> hostileTables() {
    return Stream.of(
        Arguments.of("513 segments", Frames.table(512, 1), "513 segments, limit is 512"),
        Arguments.of("2^32 segments (count field wraps)", Frames.table(-1, 1), "4294967296 segments"),
        Arguments.of("one segment of 64 MiB + 8 bytes", Frames.table(0, (8 << 20) + 1),
            "limit is 67108864 bytes"),
        Arguments.of("two segments of 2^32-1 words each", Frames.table(1, -1, -1), "limit is 67108864 bytes"),
        Arguments.of("four segments of 24 MiB", Frames.table(3, 3 << 20, 3 << 20, 3 << 20, 3 << 20),
            "limit is 67108864 bytes"),
        Arguments.of("a message of no words", Frames.table(0, 0), "no words"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileTables")
  void segmentTable_overLimits_abortsNamingTheFrameProblem(String what, byte[] table, String problem)
      throws Exception {
    String reason;
    try (RawPeer peer = server.raw()) {
      // Only the table is sent: the server must judge it before any body arrives.
      peer.send(table);
      reason = peer.abortReason();
      peer.awaitClosed(FaultServer.WAIT);
    }
    // Serving and freeing are checked before the abort itself, so a missing abort does not
    // hide how the rest went.
    server.assertSurvived(what);
    assertThat(reason)
        .as("%s: the abort naming the frame problem (null: the connection ended without one, i.e. the "
            + "transport was reset before the queued abort was written)", what)
        .isNotNull()
        .contains("rejected frame")
        .contains(problem);
  }

  @Test
  void segmentTable_claimsMoreThanFollows_thenHalfClose_abortsAndCloses() throws Exception {
    try (RawPeer peer = server.raw()) {
      peer.send(Frames.bytes(Frames.bootstrap(0)));
      peer.awaitBootstrapExport(0);
      // 100 words declared, 10 sent, then the sender closes its half.
      byte[] partial = new byte[8 + 80];
      System.arraycopy(Frames.table(0, 100), 0, partial, 0, 8);
      peer.send(partial);
      peer.socket.shutdownOutput();
      String reason = peer.awaitAbort();
      assertThat(reason).contains("rejected frame").contains("stream ended inside a frame");
      Duration took = peer.awaitClosed(FaultServer.WAIT);
      assertThat(took).isLessThan(FaultServer.WAIT);
    }
    server.assertSurvived("truncated frame");
  }
}
