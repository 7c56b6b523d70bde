package io.capa.benchmarks.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DelayProxyTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private ServerSocketChannel echoServer;

  /** A blocking echo server: every byte back as it comes, end of stream passed on as a half-close. */
  @BeforeEach
  void startEchoServer() throws IOException {
    echoServer = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    threads.execute(
        () -> {
          while (echoServer.isOpen()) {
            try {
              SocketChannel c = echoServer.accept();
              c.setOption(StandardSocketOptions.TCP_NODELAY, true);
              threads.execute(() -> echo(c));
            } catch (IOException e) {
              return;
            }
          }
        });
  }

  private static void echo(SocketChannel c) {
    ByteBuffer buf = ByteBuffer.allocate(32 << 10);
    try (c) {
      while (c.read(buf) >= 0) {
        buf.flip();
        while (buf.hasRemaining()) {
          c.write(buf);
        }
        buf.clear();
      }
      c.shutdownOutput();
    } catch (IOException e) {
      // the test closing its side early ends the echo
    }
  }

  @AfterEach
  void stop() throws IOException {
    echoServer.close();
    threads.shutdownNow();
  }

  private InetSocketAddress echoAddress() throws IOException {
    return (InetSocketAddress) echoServer.getLocalAddress();
  }

  @Test
  void roundTrip_takesAtLeastTwiceTheDelay() throws Exception {
    try (DelayProxy proxy = DelayProxy.start(echoAddress(), Duration.ofMillis(1));
        SocketChannel c = SocketChannel.open(proxy.address())) {
      c.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ByteBuffer one = ByteBuffer.allocate(1);
      long[] micros = new long[50];
      for (int i = 0; i < micros.length; i++) {
        long t0 = System.nanoTime();
        c.write(one.clear().put((byte) i).flip());
        one.clear();
        while (one.hasRemaining()) {
          assertThat(c.read(one)).isNotNegative();
        }
        micros[i] = (System.nanoTime() - t0) / 1_000;
        assertThat(one.get(0)).isEqualTo((byte) i);
      }
      Arrays.sort(micros);
      assertThat(micros[0]).isGreaterThanOrEqualTo(2_000);
      // Loose upper bound: a timer with coarse ticks (10 ms) would blow it, scheduling noise would not.
      assertThat(micros[micros.length / 2]).isLessThan(8_000);
    }
  }

  @Test
  void roundTrip_withoutDelayIsFasterThanWithIt() throws Exception {
    try (DelayProxy proxy = DelayProxy.start(echoAddress(), Duration.ZERO);
        SocketChannel c = SocketChannel.open(proxy.address())) {
      c.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ByteBuffer one = ByteBuffer.allocate(1);
      long best = Long.MAX_VALUE;
      for (int i = 0; i < 50; i++) {
        long t0 = System.nanoTime();
        c.write(one.clear().put((byte) i).flip());
        one.clear();
        while (one.hasRemaining()) {
          assertThat(c.read(one)).isNotNegative();
        }
        best = Math.min(best, System.nanoTime() - t0);
      }
      assertThat(best).isLessThan(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }

  @Test
  void stream_tenMegabytesArriveInOrderAndComplete() throws Exception {
    byte[] data = new byte[10_000_000];
    new Random(7).nextBytes(data);
    CRC32 sentCrc = new CRC32();
    sentCrc.update(data);
    try (DelayProxy proxy = DelayProxy.start(echoAddress(), Duration.ofMillis(1));
        SocketChannel c = SocketChannel.open(proxy.address())) {
      // Writes in uneven pieces from another thread while this one reads the echo: both directions
      // are full at once, so the proxy's backpressure is what keeps it from deadlocking or losing bytes.
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                Random sizes = new Random(11);
                int off = 0;
                try {
                  while (off < data.length) {
                    int n = Math.min(data.length - off, 1 + sizes.nextInt(100_000));
                    ByteBuffer b = ByteBuffer.wrap(data, off, n);
                    while (b.hasRemaining()) {
                      c.write(b);
                    }
                    off += n;
                  }
                  c.shutdownOutput();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              },
              threads);
      CRC32 receivedCrc = new CRC32();
      ByteBuffer buf = ByteBuffer.allocate(64 << 10);
      long received = 0;
      int n;
      while ((n = c.read(buf)) >= 0) {
        buf.flip();
        receivedCrc.update(buf);
        received += n;
        buf.clear();
      }
      sending.get(30, TimeUnit.SECONDS);
      assertThat(received).isEqualTo(data.length);
      assertThat(receivedCrc.getValue()).isEqualTo(sentCrc.getValue());
    }
  }

  @Test
  void close_cutsOpenConnections() throws Exception {
    SocketChannel c;
    try (DelayProxy proxy = DelayProxy.start(echoAddress(), Duration.ofMillis(1))) {
      c = SocketChannel.open(proxy.address());
      c.write(ByteBuffer.wrap(new byte[] {1}));
      ByteBuffer one = ByteBuffer.allocate(1);
      assertThat(c.read(one)).isEqualTo(1);
    }
    try (c) {
      ByteBuffer more = ByteBuffer.allocate(1);
      int n;
      try {
        n = c.read(more);
      } catch (IOException reset) {
        n = -1;
      }
      assertThat(n).isEqualTo(-1);
    }
  }
}
