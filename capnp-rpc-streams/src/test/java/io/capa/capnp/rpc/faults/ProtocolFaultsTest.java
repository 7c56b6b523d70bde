package io.capa.capnp.rpc.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.capnp.rpc.CallContext;
import io.capa.capnp.rpc.gen.RpcCapnp;
import io.capa.capnp.wire.Canonical;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.StructBuilder;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Well-formed messages that break the protocol: kinds this side does not implement (answered
 * with {@code unimplemented}, the connection goes on) and ids that were never issued or are
 * already in use (the connection is aborted with a reason naming the id).
 */
class ProtocolFaultsTest {
  static FaultServer server;

  @BeforeAll
  static void start() throws Exception {
    server = FaultServer.start("protocol-faults");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @AfterEach
  void forgetHeldCalls() {
    server.held.clear();
  }

  /** 200 and 65535 are past the schema; 10 (provide) and 12 (join) are Level 3 and 4 kinds. */
  @ParameterizedTest(name = "discriminant {0}")
  @ValueSource(ints = {200, 65535, 10, 12})
  void unknownMessageKind_answeredUnimplementedWithTheOriginal_connectionStaysUsable(int discriminant)
      throws Exception {
    MessageBuilder sent = new MessageBuilder();
    StructBuilder root = sent.initRoot(2, 1);
    root.setShort(0, (short) discriminant, (short) 0);
    root.setLong(1, 0x0123_4567_89AB_CDEFL);
    StructBuilder body = root.getPointer(0).initStruct(2, 2);
    body.setLong(0, 42);
    body.setLong(1, -1);
    body.getPointer(0).setText("a message from a newer protocol");
    body.getPointer(1).initStruct(1, 0).setLong(0, 7);
    try (RawPeer peer = server.raw()) {
      peer.send(sent);
      RpcCapnp.Message.Reader reply = peer.next();
      assertThat(reply).as("a reply to the unknown message").isNotNull();
      assertThat(reply.which()).as("reply kind (abort reason: %s)",
          reply.isAbort() ? reply.getAbort().getReason() : "-").isEqualTo(RpcCapnp.Message.Which.UNIMPLEMENTED);
      RpcCapnp.Message.Reader back = reply.getUnimplemented();
      assertThat(back.raw().getShort(0, (short) 0) & 0xFFFF).isEqualTo(discriminant);
      assertThat(Canonical.canonicalize(back.raw()))
          .as("the unimplemented message carries the original back, unchanged")
          .isEqualTo(Canonical.canonicalize(sent.asReader().root()));
      // Same socket, still a working connection: bootstrap and a call.
      peer.send(Frames.bootstrap(0));
      peer.awaitBootstrapExport(0);
      peer.assertEchoWorks(1, 0);
      assertThat(peer.received).noneMatch(RpcCapnp.Message.Reader::isAbort);
    }
    server.assertSurvived("unknown message kind " + discriminant);
  }

  /** Sends something that breaks the protocol; returns the text the abort reason must contain. */
  @FunctionalInterface
  interface Violation {
    String commit(RawPeer peer) throws Exception;
  }

  static Stream<Arguments> violations() {
    return Stream.of(
        violation("Bootstrap reusing a question id in use", peer -> {
          peer.send(Frames.bootstrap(31_337));
          peer.awaitBootstrapExport(31_337);
          peer.send(Frames.bootstrap(31_337));
          return "question id 31337";
        }),
        violation("Call reusing the id of an unfinished bootstrap question", peer -> {
          peer.send(Frames.bootstrap(4711));
          peer.awaitBootstrapExport(4711);
          peer.send(Frames.echo(4711, 4711, new byte[8]));
          return "question id 4711";
        }),
        violation("Call reusing the id of a call still running", peer -> {
          peer.send(Frames.bootstrap(0));
          peer.send(Frames.call(4242, 0, Probe.HOLD, p -> { }));
          CallContext held = server.held.poll(FaultServer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
          assertThat(held).as("the first call is running").isNotNull();
          peer.send(Frames.echo(4242, 0, new byte[8]));
          return "question id 4242";
        }),
        violation("Call to an import id never issued", peer -> {
          MessageBuilder mb = new MessageBuilder();
          RpcCapnp.Call.Builder c = RpcCapnp.Message.initRoot(mb).initCall();
          c.setQuestionId(1);
          c.setInterfaceId(FaultServer.IFACE);
          c.setMethodId(Probe.ECHO);
          c.initTarget().setImportedCap(9001);
          c.initParams();
          peer.send(mb);
          return "export id 9001";
        }),
        violation("Call on the answer of a question never asked", peer -> {
          peer.send(Frames.echo(1, 8123, new byte[8]));
          return "question 8123";
        }),
        violation("Call on the answer of a question already finished", peer -> {
          peer.send(Frames.bootstrap(606));
          peer.awaitBootstrapExport(606);
          peer.send(Frames.finish(606));
          peer.send(Frames.echo(1, 606, new byte[8]));
          return "question 606";
        }),
        violation("Call whose parameters name an export never issued", peer -> {
          peer.send(Frames.bootstrap(0));
          MessageBuilder mb = new MessageBuilder();
          RpcCapnp.Call.Builder c = RpcCapnp.Message.initRoot(mb).initCall();
          c.setQuestionId(1);
          c.setInterfaceId(FaultServer.IFACE);
          c.setMethodId(Probe.ECHO);
          c.initTarget().initPromisedAnswer().setQuestionId(0);
          RpcCapnp.Payload.Builder params = c.initParams();
          params.getContent().initStruct(0, 1).getPointer(0).setCapability(0);
          params.initCapTable(1).get(0).setReceiverHosted(5555);
          peer.send(mb);
          return "export id 5555";
        }),
        violation("Call whose parameters name the answer of a question never asked", peer -> {
          peer.send(Frames.bootstrap(0));
          MessageBuilder mb = new MessageBuilder();
          RpcCapnp.Call.Builder c = RpcCapnp.Message.initRoot(mb).initCall();
          c.setQuestionId(1);
          c.setInterfaceId(FaultServer.IFACE);
          c.setMethodId(Probe.ECHO);
          c.initTarget().initPromisedAnswer().setQuestionId(0);
          RpcCapnp.Payload.Builder params = c.initParams();
          params.getContent().initStruct(0, 1).getPointer(0).setCapability(0);
          params.initCapTable(1).get(0).initReceiverAnswer().setQuestionId(2468);
          peer.send(mb);
          return "question 2468";
        }),
        violation("Finish for a question never asked", peer -> {
          peer.send(Frames.finish(5150));
          return "question id 5150";
        }),
        violation("Finish twice for the same question", peer -> {
          peer.send(Frames.bootstrap(77));
          peer.awaitBootstrapExport(77);
          peer.send(Frames.finish(77));
          peer.send(Frames.finish(77));
          return "question id 77";
        }),
        violation("Release of an export never issued", peer -> {
          peer.send(Frames.release(6060, 1));
          return "export id 6060";
        }),
        violation("Release of an export twice", peer -> {
          peer.send(Frames.bootstrap(0));
          long export = peer.awaitBootstrapExport(0);
          peer.send(Frames.release(export, 1));
          peer.send(Frames.release(export, 1));
          return "export id " + export;
        }),
        violation("Release of more references than were given", peer -> {
          peer.send(Frames.bootstrap(0));
          long export = peer.awaitBootstrapExport(0);
          peer.send(Frames.release(export, 5));
          return "export id " + export;
        }),
        violation("Return for a question never asked", peer -> {
          MessageBuilder mb = new MessageBuilder();
          RpcCapnp.Return.Builder r = RpcCapnp.Message.initRoot(mb).initReturn();
          r.setAnswerId(9999);
          r.setCanceled();
          peer.send(mb);
          return "question id 9999";
        }),
        violation("Disembargo for an embargo never issued", peer -> {
          MessageBuilder mb = new MessageBuilder();
          RpcCapnp.Disembargo.Builder d = RpcCapnp.Message.initRoot(mb).initDisembargo();
          d.initTarget().setImportedCap(0);
          d.getContext().setReceiverLoopback(777);
          peer.send(mb);
          return "embargo 777";
        }));
  }

  private static Arguments violation(String what, Violation v) {
    return Arguments.of(what, v);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void protocolViolation_abortsNamingTheId_othersServed(String what, Violation violation) throws Exception {
    String reason;
    String id;
    try (RawPeer peer = server.raw()) {
      id = violation.commit(peer);
      reason = peer.awaitAbort();
      peer.awaitClosed(FaultServer.WAIT);
    }
    assertThat(reason).as(what).contains(id);
    server.assertSurvived(what);
  }
}
