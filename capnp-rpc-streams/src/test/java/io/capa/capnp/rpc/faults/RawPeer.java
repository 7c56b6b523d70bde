package io.capa.capnp.rpc.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.capa.capnp.rpc.gen.RpcCapnp;
import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.Message;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.ReaderOptions;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The hostile side: a plain socket speaking raw bytes, reading back whole RPC messages. */
final class RawPeer implements AutoCloseable {
  final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  /** Every message read so far, in order. */
  final List<RpcCapnp.Message.Reader> received = new ArrayList<>();

  private RawPeer(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  static RawPeer connect(InetSocketAddress address) throws IOException {
    return connect(address, -1);
  }

  /** @param receiveBuffer the socket's receive buffer in bytes, or -1 for the system's default */
  static RawPeer connect(InetSocketAddress address, int receiveBuffer) throws IOException {
    Socket s = new Socket();
    if (receiveBuffer > 0) {
      s.setReceiveBufferSize(receiveBuffer);
    }
    s.setTcpNoDelay(true);
    s.connect(address, 5_000);
    s.setSoTimeout((int) FaultServer.WAIT.toMillis());
    return new RawPeer(s);
  }

  RawPeer send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  RawPeer send(Message message) throws IOException {
    return send(Framing.toByteArray(message));
  }

  /** The next message, or null when the server closed the connection (end of stream or reset). */
  RpcCapnp.Message.Reader next() throws IOException {
    MessageReader r;
    try {
      r = Framing.read(in, ReaderOptions.DEFAULT);
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (SocketException e) {
      return null;
    }
    if (r == null) {
      return null;
    }
    RpcCapnp.Message.Reader m = RpcCapnp.Message.read(r);
    received.add(m);
    return m;
  }

  /** Reads until an Abort arrives and returns its reason; fails if the connection ends first. */
  String awaitAbort() throws IOException {
    String reason = abortReason();
    if (reason == null) {
      fail("the connection ended (closed or reset) without an abort message; received " + kinds());
    }
    return reason;
  }

  /** Reads until an Abort arrives and returns its reason, or null if the connection ends first. */
  String abortReason() throws IOException {
    for (;;) {
      RpcCapnp.Message.Reader m = next();
      if (m == null) {
        return null;
      }
      if (m.isAbort()) {
        return m.getAbort().getReason();
      }
    }
  }

  /** Reads until the Return for {@code answerId}; fails on an abort or the end of the connection. */
  RpcCapnp.Return.Reader awaitReturn(long answerId) throws IOException {
    for (;;) {
      RpcCapnp.Message.Reader m = next();
      if (m == null) {
        return fail("the connection ended before the Return for question " + answerId + "; received " + kinds());
      }
      if (m.isAbort()) {
        return fail("aborted before the Return for question " + answerId + ": " + m.getAbort().getReason());
      }
      if (m.isReturn() && m.getReturn().getAnswerId() == answerId) {
        return m.getReturn();
      }
    }
  }

  /** The export id of the bootstrap capability in a bootstrap question's Return. */
  long awaitBootstrapExport(long questionId) throws IOException {
    RpcCapnp.Return.Reader r = awaitReturn(questionId);
    assertThat(r.isResults()).as("bootstrap answered with results").isTrue();
    List<RpcCapnp.CapDescriptor.Reader> caps = r.getResults().getCapTable();
    assertThat(caps).hasSize(1);
    assertThat(caps.get(0).isSenderHosted()).as("bootstrap capability is sender-hosted").isTrue();
    return caps.get(0).getSenderHosted();
  }

  /** An echo call on the bootstrap answer of {@code bootstrapQuestion} comes back unchanged. */
  void assertEchoWorks(long questionId, long bootstrapQuestion) throws IOException {
    byte[] payload = new byte[100];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 7 + questionId);
    }
    send(Frames.echo(questionId, bootstrapQuestion, payload));
    RpcCapnp.Return.Reader r = awaitReturn(questionId);
    assertThat(r.isResults()).as("echo %d: %s", questionId,
        r.isException() ? r.getException().getReason() : "results").isTrue();
    ByteBuffer b = r.getResults().getContent().getStruct(null).getData(0, null);
    byte[] back = new byte[b.remaining()];
    b.get(back);
    assertThat(back).isEqualTo(payload);
  }

  /**
   * Waits until the server closes the connection (end of stream or reset), ignoring what it
   * sends meanwhile; fails after {@code limit}. Returns how long it took.
   */
  Duration awaitClosed(Duration limit) throws IOException {
    long start = System.nanoTime();
    long deadline = start + limit.toNanos();
    for (;;) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return fail("the server kept the connection open for more than " + limit.toSeconds() + " s");
      }
      socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
      int b;
      try {
        b = in.read();
      } catch (SocketTimeoutException e) {
        continue;
      } catch (SocketException e) {
        b = -1;
      }
      if (b < 0) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
    }
  }

  /** Closes with SO_LINGER 0: the server sees a reset, as when a process dies with unread data. */
  void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  String kinds() {
    return received.stream().map(m -> m.which().name()).toList().toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
