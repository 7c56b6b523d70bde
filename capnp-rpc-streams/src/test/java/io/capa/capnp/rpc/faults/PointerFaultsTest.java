package io.capa.capnp.rpc.faults;

import static io.capa.capnp.rpc.faults.Frames.BYTE;
import static io.capa.capnp.rpc.faults.Frames.COMPOSITE;
import static io.capa.capnp.rpc.faults.Frames.EIGHT_BYTES;
import static io.capa.capnp.rpc.faults.Frames.VOID;
import static io.capa.capnp.rpc.faults.Frames.farPtr;
import static io.capa.capnp.rpc.faults.Frames.listPtr;
import static io.capa.capnp.rpc.faults.Frames.offset;
import static io.capa.capnp.rpc.faults.Frames.structPtr;
import static io.capa.capnp.rpc.faults.Frames.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.capa.capnp.rpc.gen.RpcCapnp;
import io.capa.capnp.wire.ElementSize;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.PointerBuilder;
import io.capa.capnp.wire.StructBuilder;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed pointers and limit violations, once inside a call's parameters (read by the
 * server's dispatch: the call is answered with an exception, or the connection aborted) and
 * once inside the RPC message itself (read by the engine: the connection is aborted).
 */
class PointerFaultsTest {
  static final int MAX_29 = (1 << 29) - 1;
  static FaultServer server;

  @BeforeAll
  static void start() throws Exception {
    server = FaultServer.start("pointer-faults");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  // ---------------------------------------------------------------------------------------
  // Inside a call's parameters

  static Stream<Arguments> hostileParams() {
    return Stream.of(
        params("struct pointer past the end of its segment", "out of bounds", () -> {
          Frames.HostileCall h = Frames.hostileEcho(1, 0, 4);
          h.words()[h.slot()] = structPtr(1_000_000, 1, 0);
          return h.frame();
        }),
        params("struct pointer before the start of its segment", "out of bounds", () -> {
          Frames.HostileCall h = Frames.hostileEcho(1, 0, 4);
          h.words()[h.slot()] = structPtr(-(h.slot() + 100), 2, 0);
          return h.frame();
        }),
        params("far pointer to a missing segment", "missing segment 7", () -> {
          Frames.HostileCall h = Frames.hostileEcho(1, 0, 4);
          h.words()[h.slot()] = farPtr(false, 0, 7);
          return h.frame();
        }),
        params("far pointer whose landing pad is past the segment end", "landing pad out of bounds", () -> {
          Frames.HostileCall h = Frames.hostileEcho(1, 0, 4);
          h.words()[h.slot()] = farPtr(false, 100_000, 0);
          return h.frame();
        }),
        params("double-far landing pad that is not a far pointer", "double-far landing pad is not a single far", () -> {
          Frames.HostileCall h = Frames.hostileEcho(1, 0, 4);
          h.words()[h.slot()] = farPtr(true, 0, 1);
          return h.frame(new long[] {structPtr(0, 1, 0), structPtr(0, 1, 0), 0});
        }),
        params("single-far landing pad that is itself a far pointer", "itself a far pointer", () -> {
          Frames.HostileCall h = Frames.hostileEcho(1, 0, 4);
          h.words()[h.slot()] = farPtr(false, 0, 1);
          return h.frame(new long[] {farPtr(false, 0, 0)});
        }),
        params("list of 2^29-1 eight-byte elements in 8 words", "list out of bounds", () -> {
          Frames.HostileCall h = Frames.hostileEcho(1, 0, 8);
          h.words()[h.slot()] = listPtr(offset(h.slot(), h.scratch()), EIGHT_BYTES, MAX_29);
          return h.frame();
        }),
        params("composite list whose element count times size overruns its words", "overrun its word count", () -> {
          Frames.HostileCall h = Frames.hostileEcho(1, 0, 8);
          // The tag claims 2^30-1 elements of 8 words each in a 7-word list.
          h.words()[h.scratch()] = structPtr((1 << 30) - 1, 4, 4);
          h.words()[h.slot()] = listPtr(offset(h.slot(), h.scratch()), COMPOSITE, 7);
          return h.frame();
        }),
        params("composite list of 2^29-1 words", "composite list out of bounds", () -> {
          Frames.HostileCall h = Frames.hostileEcho(1, 0, 8);
          h.words()[h.scratch()] = structPtr(1, 1, 0);
          h.words()[h.slot()] = listPtr(offset(h.slot(), h.scratch()), COMPOSITE, MAX_29);
          return h.frame();
        }),
        params("structs nested 100 deep (nesting limit 64)", "nesting limit", () -> Frames.bytes(
            Frames.call(1, 0, Probe.ECHO, p -> nest(p.initStruct(0, 1).getPointer(0), 100)))),
        params("zero-size struct list of 2^29-1 elements (amplification)", "traversal limit", () -> Frames.bytes(
            Frames.call(1, 0, Probe.ECHO, p -> p.initStruct(0, 1).getPointer(0).initStructList(MAX_29, 0, 0)))),
        params("List(Void) of 3,000,000 read 3 times (amplification, limit 8 Mi words)", "traversal limit",
            () -> Frames.bytes(readVoidList(3_000_000, 3))),
        params("1,000 pointers to one 10,000-word blob (shared sub-object amplification)", "traversal limit",
            PointerFaultsTest::sharedBlob));
  }

  private static Arguments params(String what, String problem, Supplier<byte[]> frame) {
    return Arguments.of(what, problem, frame);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileParams")
  void callParams_malformed_callFailsOrConnectionAborts_othersServed(String what, String problem,
      Supplier<byte[]> frame) throws Exception {
    try (RawPeer peer = server.raw()) {
      peer.send(Frames.bytes(Frames.bootstrap(0)));
      peer.send(frame.get());
      RpcCapnp.Message.Reader answer = returnOrAbort(peer, 1);
      if (answer.isAbort()) {
        assertThat(answer.getAbort().getReason()).as("%s: abort reason", what).contains(problem);
        peer.awaitClosed(FaultServer.WAIT);
      } else {
        RpcCapnp.Return.Reader r = answer.getReturn();
        assertThat(r.isException()).as("%s: the call is answered with an exception", what).isTrue();
        assertThat(r.getException().getReason()).as("%s: exception reason", what).contains(problem);
        // The call failed, not the connection: the same socket goes on being served.
        peer.assertEchoWorks(2, 0);
      }
    }
    server.assertSurvived(what);
  }

  @Test
  void voidList_readTwice_staysUnderTraversalLimit() throws Exception {
    // The control for the amplification case: the same list read twice fits the 8 Mi words.
    try (RawPeer peer = server.raw()) {
      peer.send(Frames.bytes(Frames.bootstrap(0)));
      peer.send(Frames.bytes(readVoidList(3_000_000, 2)));
      RpcCapnp.Return.Reader r = peer.awaitReturn(1);
      assertThat(r.isResults()).as("answered with results: %s", r.isException() ? r.getException().getReason() : "")
          .isTrue();
      assertThat(r.getResults().getContent().getStruct(null).getLong(0)).isEqualTo(6_000_000L);
    }
    server.assertSurvived("void list read twice");
  }

  // ---------------------------------------------------------------------------------------
  // Inside the RPC message itself

  static Stream<Arguments> hostileMessages() {
    return Stream.of(
        message("root pointer past the end of the segment", "out of bounds", () -> {
          long[] w = Frames.words(Frames.bootstrap(7));
          w[0] = structPtr(1000, 1, 1);
          return Frames.frame(w);
        }),
        message("root far pointer to a missing segment", "missing segment 3", () -> {
          long[] w = Frames.words(Frames.bootstrap(7));
          w[0] = farPtr(false, 0, 3);
          return Frames.frame(w);
        }),
        message("root double-far landing pad that is not a far pointer", "double-far landing pad is not a single far",
            () -> {
              long[] w = Frames.words(Frames.bootstrap(7));
              w[0] = farPtr(true, 0, 1);
              return Frames.frame(w, new long[] {structPtr(0, 1, 1), structPtr(0, 1, 1)});
            }),
        message("Call.target pointer past the end of the segment", "out of bounds", () -> {
          long[] w = Frames.words(Frames.echo(1, 0, new byte[8]));
          w[callWord(w) + 3] = structPtr(100_000, 1, 1);
          return Frames.frame(w);
        }),
        message("promisedAnswer.transform of 2^29-1 eight-byte elements", "list out of bounds", () -> {
          long[] w = Frames.words(Frames.echo(1, 0, new byte[8]));
          int messageTarget = target(w, callWord(w) + 3);
          int promisedAnswer = target(w, messageTarget + 1);
          w[promisedAnswer + 1] = listPtr(0, EIGHT_BYTES, MAX_29);
          return Frames.frame(w);
        }),
        message("params.capTable as List(Void) of 2^29-1 (amplification)", "traversal limit", () -> {
          long[] w = Frames.words(Frames.echo(1, 0, new byte[8]));
          int payload = target(w, callWord(w) + 4);
          w[payload + 1] = listPtr(0, VOID, MAX_29);
          return Frames.frame(w);
        }),
        message("unknown message kind carrying structs nested 100 deep", "nesting limit", () -> {
          MessageBuilder mb = new MessageBuilder();
          StructBuilder root = mb.initRoot(1, 1);
          root.setShort(0, (short) 200, (short) 0);
          nest(root.getPointer(0), 100);
          return Frames.bytes(mb);
        }),
        message("unknown message kind carrying List(Void) of 2^29-1 (amplification)", "traversal limit", () -> {
          MessageBuilder mb = new MessageBuilder();
          StructBuilder root = mb.initRoot(1, 1);
          root.setShort(0, (short) 200, (short) 0);
          root.getPointer(0).initList(ElementSize.VOID, MAX_29);
          return Frames.bytes(mb);
        }));
  }

  private static Arguments message(String what, String problem, Supplier<byte[]> frame) {
    return Arguments.of(what, problem, frame);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileMessages")
  void rpcMessage_malformed_abortsNamingTheProblem_othersServed(String what, String problem,
      Supplier<byte[]> frame) throws Exception {
    String reason;
    try (RawPeer peer = server.raw()) {
      peer.send(Frames.bytes(Frames.bootstrap(0)));
      peer.awaitBootstrapExport(0);
      peer.send(frame.get());
      reason = peer.awaitAbort();
      peer.awaitClosed(FaultServer.WAIT);
    }
    assertThat(reason).as(what).contains(problem);
    server.assertSurvived(what);
  }

  // ---------------------------------------------------------------------------------------

  /** Word index of the Call struct in a Call message's single segment. */
  static int callWord(long[] w) {
    int message = target(w, 0);
    // Message has one data word; its pointer 0 is the Call.
    return target(w, message + 1);
  }

  static void nest(PointerBuilder p, int depth) {
    for (int i = 0; i < depth; i++) {
      p = p.initStruct(0, 1).getPointer(0);
    }
  }

  static MessageBuilder readVoidList(int count, long times) {
    return Frames.call(1, 0, Probe.READ_LIST, p -> {
      StructBuilder s = p.initStruct(1, 1);
      s.setLong(0, times);
      s.getPointer(0).initList(ElementSize.VOID, count);
    });
  }

  static byte[] sharedBlob() {
    int pointers = 1000;
    int blobBytes = 10_000 * 8;
    MessageBuilder mb = new MessageBuilder(16_384, true);
    Frames.call(mb, 1, 0, Probe.ECHO, p -> {
      StructBuilder s = p.initStruct(1, 2);
      s.setLong(0, Frames.SENTINEL);
      s.getPointer(0).initList(ElementSize.POINTER, pointers);
      s.getPointer(1).setData(new byte[blobBytes]);
    });
    long[] w = Frames.words(mb);
    int slot = Frames.find(w, Frames.SENTINEL) + 1;
    int list = target(w, slot);
    int blob = target(w, slot + 1);
    for (int j = 0; j < pointers; j++) {
      w[list + j] = listPtr(offset(list + j, blob), BYTE, blobBytes);
    }
    return Frames.frame(w);
  }

  static RpcCapnp.Message.Reader returnOrAbort(RawPeer peer, long questionId) throws Exception {
    for (;;) {
      RpcCapnp.Message.Reader m = peer.next();
      if (m == null) {
        return fail("connection ended with neither a Return for question " + questionId + " nor an abort; received "
            + peer.kinds());
      }
      if (m.isAbort() || m.isReturn() && m.getReturn().getAnswerId() == questionId) {
        return m;
      }
    }
  }
}
