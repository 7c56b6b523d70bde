package io.capa.actors.cluster;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/** Bounded waits and free ports for the multi-node tests. */
final class Waits {
  private Waits() {}

  /** Retries {@code read} until it succeeds; rethrows its last failure once {@code limit} has passed. */
  static <T> T eventually(Duration limit, Callable<T> read) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    while (true) {
      try {
        return read.call();
      } catch (Exception e) {
        if (System.nanoTime() > end) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  /** Polls {@code done} until it holds; fails the test once {@code limit} has passed. */
  static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for: " + what);
      }
      Thread.sleep(200);
    }
  }

  /** Loopback ports free right now (held together so that they differ). */
  static int[] freePorts(int n) throws Exception {
    int[] ports = new int[n];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        ports[i] = s.getLocalPort();
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return ports;
  }

}
