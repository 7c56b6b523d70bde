package io.capa.benchmarks.rpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on 127.0.0.1 that forwards every accepted connection to one target and holds back
 * each direction by a fixed delay, so a loopback benchmark sees a network with a known one-way
 * latency (a 1 ms delay makes every round trip at least 2 ms longer).
 *
 * <p>Per connection and direction, one thread reads what arrives, stamps it with its due time and
 * queues it; another waits until the due time and writes it on. One queue per direction keeps the
 * bytes in order. The queue holds at most {@link #BUFFER_BYTES} per direction: a full queue stops
 * the reading, the kernel buffers fill and the sender is held back by TCP itself. So throughput is
 * capped at {@code BUFFER_BYTES / delay} per direction (4 GiB/s at 1 ms), far above what loopback
 * RPC reaches here. End of stream is delayed like data and passed on as a half-close.
 *
 * <p>Plain threads rather than Pekko Streams' {@code delay}: stream timers run on the actor
 * system's scheduler, which ticks every 10 ms by default, too coarse for a 1 ms delay. Here the
 * writer parks until the due time (typically tens of microseconds late, never early), and both
 * sockets have Nagle's algorithm off so the proxy adds no waiting of its own.
 */
public final class DelayProxy implements AutoCloseable {
  static final int BUFFER_BYTES = 4 << 20;
  private static final int READ_BYTES = 64 << 10;

  private final ServerSocketChannel listener;
  private final InetSocketAddress target;
  private final long delayNanos;
  private final Thread acceptor;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private DelayProxy(ServerSocketChannel listener, InetSocketAddress target, Duration delay) {
    this.listener = listener;
    this.target = target;
    this.delayNanos = delay.toNanos();
    this.acceptor = new Thread(this::accept, "delay-proxy-accept");
    acceptor.setDaemon(true);
  }

  /** Listens on an ephemeral port of 127.0.0.1; {@code delay} is added to each direction. */
  public static DelayProxy start(InetSocketAddress target, Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, got " + delay);
    }
    try {
      ServerSocketChannel listener = ServerSocketChannel.open();
      listener.bind(new InetSocketAddress("127.0.0.1", 0));
      DelayProxy proxy = new DelayProxy(listener, target, delay);
      proxy.acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("delay proxy could not listen", e);
    }
  }

  public InetSocketAddress address() {
    try {
      return (InetSocketAddress) listener.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Duration delay() {
    return Duration.ofNanos(delayNanos);
  }

  private void accept() {
    while (!closed) {
      SocketChannel client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      SocketChannel server = null;
      try {
        server = SocketChannel.open(target);
        Connection c = new Connection(client, server);
        c.start();
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(server);
      }
    }
  }

  /** One proxied connection: two directions, closed as a whole when both have ended or one fails. */
  private final class Connection {
    private final SocketChannel client;
    private final SocketChannel server;
    private final AtomicInteger directionsEnded = new AtomicInteger();
    private final List<Thread> mine = new CopyOnWriteArrayList<>();

    Connection(SocketChannel client, SocketChannel server) throws IOException {
      this.client = client;
      this.server = server;
      for (SocketChannel ch : List.of(client, server)) {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        open.add(ch);
      }
      if (closed) {
        closeBoth();
      }
    }

    void start() {
      // All four exist before any runs, so a failure in one reaches the others.
      direction(client, server, "up");
      direction(server, client, "down");
      for (Thread t : mine) {
        t.start();
      }
    }

    private void direction(SocketChannel from, SocketChannel to, String name) {
      LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
      Semaphore room = new Semaphore(BUFFER_BYTES);
      String id = "delay-proxy-" + name + "-" + from.socket().getPort();
      mine.add(thread(id + "-read", () -> read(from, queue, room)));
      mine.add(thread(id + "-write", () -> write(to, queue, room)));
    }

    private void read(SocketChannel from, LinkedBlockingQueue<Chunk> queue, Semaphore room) {
      ByteBuffer buf = ByteBuffer.allocate(READ_BYTES);
      try {
        while (true) {
          buf.clear();
          int n = from.read(buf);
          long due = System.nanoTime() + delayNanos;
          if (n < 0) {
            queue.put(new Chunk(null, due));
            return;
          }
          room.acquire(n);
          queue.put(new Chunk(Arrays.copyOf(buf.array(), n), due));
        }
      } catch (IOException | InterruptedException e) {
        fail();
      }
    }

    private void write(SocketChannel to, LinkedBlockingQueue<Chunk> queue, Semaphore room) {
      try {
        while (true) {
          Chunk c = queue.take();
          long wait;
          while ((wait = c.due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (closed) {
              throw new ClosedChannelException();
            }
          }
          if (c.bytes == null) {
            to.shutdownOutput();
            directionEnded();
            return;
          }
          ByteBuffer out = ByteBuffer.wrap(c.bytes);
          while (out.hasRemaining()) {
            to.write(out);
          }
          room.release(c.bytes.length);
        }
      } catch (IOException | InterruptedException e) {
        fail();
      }
    }

    private void directionEnded() {
      if (directionsEnded.incrementAndGet() == 2) {
        closeBoth();
      }
    }

    /** Cuts the connection; the other threads of it may be waiting on their queue or its room. */
    private void fail() {
      closeBoth();
      for (Thread t : mine) {
        if (t != Thread.currentThread()) {
          t.interrupt();
        }
      }
    }

    private void closeBoth() {
      for (SocketChannel ch : List.of(client, server)) {
        closeQuietly(ch);
        open.remove(ch);
      }
    }
  }

  /** A proxy thread, registered so that {@link #close()} can wait for it; the caller starts it. */
  private Thread thread(String name, Runnable body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } finally {
        threads.remove(Thread.currentThread());
      }
    }, name);
    t.setDaemon(true);
    threads.add(t);
    return t;
  }

  /** Stops listening and cuts every open connection. */
  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    for (SocketChannel ch : open) {
      closeQuietly(ch);
    }
    open.clear();
    for (Thread t : threads) {
      t.interrupt();
    }
    try {
      acceptor.join(5_000);
      for (Thread t : threads) {
        t.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(java.nio.channels.Channel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing is best effort: the peer may have reset the connection already
      }
    }
  }

  /** Bytes read at one time, or the end of the stream ({@code bytes == null}), and when to pass them on. */
  private record Chunk(byte[] bytes, long due) {}
}
