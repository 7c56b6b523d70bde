package io.capa.actors.cluster;

import java.io.IOException;

/**
 * A runtime node in a process of its own, for tests that kill a node abruptly. It runs until it is
 * killed or its standard input closes; the latter happens when the parent test JVM dies, so a crashed
 * test run leaves no orphan nodes behind.
 */
public final class NodeMain {
  private NodeMain() {}

  public static void main(String[] args) throws IOException {
    NodeSpec spec = NodeSpec.fromArgs(args);
    long t0 = System.nanoTime();
    spec.builder().start();
    System.out.printf("NODE %s UP on port %d after %d ms%n", spec.name(), spec.port(), (System.nanoTime() - t0) / 1_000_000);
    System.out.flush();
    while (System.in.read() != -1) {
      // Input is not a command channel; only its end matters.
    }
    System.out.println("NODE " + spec.name() + ": parent gone, stopping");
    System.out.flush();
    // The parent is gone: nobody waits for a graceful leave.
    Runtime.getRuntime().halt(0);
  }
}
