package io.capa.sidecar;

import static io.capa.sidecar.TestNode.await;
import static io.capa.sidecar.TestNode.bytes;
import static io.capa.sidecar.TestNode.failure;
import static io.capa.sidecar.TestNode.text;
import static io.capa.sidecar.TestNode.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.capa.capnp.rpc.RpcException;
import io.capa.capnp.rpc.gen.RpcCapnp;
import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.ReaderOptions;
import io.capa.sidecar.api.SidecarEndpoint;
import io.capa.sidecar.protocol.RuntimeProtocol.ActorRef;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken peers: each is cut off with a reason where the protocol allows one, while the
 * endpoint goes on serving other connections and what they had written stays.
 */
class FaultsTest {
  static TestNode node;
  static SidecarEndpoint endpoint;
  static TestNode.Conn good;
  static ActorRef.Client acknowledged;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.shared();
    endpoint = node.endpoint(Map.of());
    good = node.connect(endpoint);
    acknowledged = good.runtime.actor(p -> {
      p.setType(TestActors.COUNTER);
      p.setId("acknowledged");
    }).getActor();
    assertThat(add(acknowledged, "11")).isEqualTo("11");
  }

  @AfterAll
  static void stop() {
    node.release();
  }

  static String add(ActorRef.Client a, String by) throws Exception {
    return text(await(a.invoke(p -> {
      p.setMethod("add");
      p.setPayload(bytes(by));
    }).response()).getResult());
  }

  /** Other connections are served, and the state an earlier call wrote is still there. */
  static void assertStillServing() throws Exception {
    assertThat(await(good.runtime.ping().response()).getVersion()).isNotEmpty();
    ActorRef.GetStateResults.Reader s = await(acknowledged.getState(p -> p.setKey("total")).response());
    assertThat(s.getFound()).isTrue();
    long before = Long.parseLong(text(s.getValue()));
    assertThat(before).isGreaterThanOrEqualTo(11);
    int open = endpoint.connections();
    try (TestNode.Conn fresh = node.connect(endpoint)) {
      ActorRef.Client a = fresh.runtime.actor(p -> {
        p.setType(TestActors.COUNTER);
        p.setId("acknowledged");
      }).getActor();
      assertThat(add(a, "1")).isEqualTo(Long.toString(before + 1));
      a.close();
    }
    // The endpoint notices the close on its own time; later counts must not include this connection.
    waitUntil("the endpoint let the fresh connection go", () -> endpoint.connections() == open);
  }

  /** What a raw socket got back: the abort's reason (null without one) once the server closed it. */
  static String abortThenClose(Socket s) throws IOException {
    s.setSoTimeout((int) TestNode.WAIT.toMillis());
    InputStream in = new BufferedInputStream(s.getInputStream());
    String abort = null;
    for (;;) {
      MessageReader r;
      try {
        r = Framing.read(in, ReaderOptions.DEFAULT);
      } catch (SocketException | java.io.EOFException e) {
        return abort;
      }
      if (r == null) {
        return abort;
      }
      RpcCapnp.Message.Reader m = RpcCapnp.Message.read(r);
      if (m.isAbort()) {
        abort = m.getAbort().getReason();
      }
    }
  }

  static Socket raw() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", endpoint.port()), 5_000);
    return s;
  }

  @Test
  void garbageBytes_connectionAbortedAndEndpointKeepsServing() throws Exception {
    int before = endpoint.connections();
    String reason;
    try (Socket s = raw()) {
      // A segment table announcing 2^32 segments: no frame can follow it.
      s.getOutputStream().write(new byte[] {-1, -1, -1, -1, 1, 0, 0, 0, 42, 42, 42, 42, 42, 42, 42, 42});
      s.getOutputStream().flush();
      reason = abortThenClose(s);
    }

    assertThat(reason).as("abort reason").isNotNull().containsIgnoringCase("segment");
    waitUntil("the endpoint dropped the connection", () -> endpoint.connections() == before);
    assertStillServing();
  }

  @Test
  void unknownMessageKind_answeredUnimplementedAndConnectionStays() throws Exception {
    try (Socket s = raw()) {
      s.setSoTimeout((int) TestNode.WAIT.toMillis());
      // One segment of two words: a struct pointer to one data word whose union tag names no RPC
      // message kind. The protocol's answer is "unimplemented" with the message echoed, not an abort.
      s.getOutputStream().write(frame(0x0000_0001_0000_0000L, 0x0000_0000_0000_7777L));
      s.getOutputStream().flush();
      InputStream in = new BufferedInputStream(s.getInputStream());
      RpcCapnp.Message.Reader answer = RpcCapnp.Message.read(Framing.read(in, ReaderOptions.DEFAULT));

      assertThat(answer.isUnimplemented()).as("answered with unimplemented").isTrue();
      assertThat(s.isClosed()).isFalse();
    }
    assertStillServing();
  }

  @Test
  void rootPointerOutOfBounds_connectionAbortedAndEndpointKeepsServing() throws Exception {
    int before = endpoint.connections();
    String reason;
    try (Socket s = raw()) {
      // A struct pointer 1000 words past the end of its two-word segment.
      s.getOutputStream().write(frame((1000L << 2) | (1L << 32), 0L));
      s.getOutputStream().flush();
      reason = abortThenClose(s);
    }

    assertThat(reason).as("abort reason").isNotNull().isNotBlank();
    waitUntil("the endpoint dropped the connection", () -> endpoint.connections() == before);
    assertStillServing();
  }

  /** A message of one segment holding {@code words}. */
  static byte[] frame(long... words) {
    ByteBuffer b = ByteBuffer.allocate(8 + 8 * words.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0).putInt(words.length);
    for (long w : words) {
      b.putLong(w);
    }
    return b.array();
  }

  @Test
  void silentHalfFrame_doesNotStallOtherConnections() throws Exception {
    try (Socket s = raw()) {
      s.getOutputStream().write(new byte[] {0, 0, 0});
      s.getOutputStream().flush();

      assertStillServing();
    }
    assertStillServing();
  }

  @Test
  void maxConnections_extraConnectionsAreClosedAndOthersServed() throws Exception {
    SidecarEndpoint small = node.endpoint(Map.of("capa.rpc.max-connections", 2));
    TestNode.Conn one = node.connect(small);
    TestNode.Conn two = node.connect(small);
    assertThat(await(one.runtime.ping().response()).getVersion()).isNotEmpty();
    assertThat(await(two.runtime.ping().response()).getVersion()).isNotEmpty();

    TestNode.Conn three = node.connect(small);
    assertThat(failure(three.runtime.ping().response()).kind()).isEqualTo(RpcException.Kind.DISCONNECTED);
    assertThat(await(one.runtime.ping().response()).getVersion()).isNotEmpty();

    one.close();
    waitUntil("a slot is free", () -> small.connections() < 2);
    TestNode.Conn four = node.connect(small);
    assertThat(await(four.runtime.ping().response()).getVersion()).isNotEmpty();
  }

  @Test
  void start_portInUse_failsWithTheBindErrorAndOthersServe() throws Exception {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(
        () -> await(node.startEndpoint(Map.of("capa.rpc.port", endpoint.port()))));

    assertThat(t).isNotNull();
    assertThat(t.toString()).contains(Integer.toString(endpoint.port()));
    assertStillServing();
  }

  @Test
  void stop_closesOpenConnectionsAndOtherEndpointsServe() throws Exception {
    SidecarEndpoint doomed = node.endpoint(Map.of());
    TestNode.Conn conn = node.connect(doomed);
    assertThat(await(conn.runtime.ping().response()).getVersion()).isNotEmpty();

    doomed.stop();

    assertThat(conn.connection.whenClosed().toCompletableFuture()).succeedsWithin(TestNode.WAIT);
    assertThat(failure(conn.runtime.ping().response()).kind()).isEqualTo(RpcException.Kind.DISCONNECTED);
    assertStillServing();
  }
}
