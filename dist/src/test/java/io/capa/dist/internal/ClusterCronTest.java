package io.capa.dist.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.capa.runtime.api.RuntimeConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code bindings.cron} component ({@code @every 1s}) loaded by two nodes of one cluster fires
 * once per second in total, from one node, and moves to the other node when that one stops.
 */
class ClusterCronTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration WINDOW = Duration.ofSeconds(5);

  private final AtomicInteger ticks = new AtomicInteger();
  private HttpServer app;
  private Node first;
  private Node second;

  @AfterEach
  void stop() {
    if (second != null) {
      second.stop();
    }
    if (first != null) {
      first.stop();
    }
    if (app != null) {
      app.stop(0);
    }
  }

  @Test
  void cron_twoNodes_firesOncePerCluster_andMovesWhenItsNodeStops() throws Exception {
    app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext("/tick", ex -> {
      ex.getRequestBody().readAllBytes();
      ticks.incrementAndGet();
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    app.start();
    Path dir = Files.createTempDirectory("capa-cluster-cron");
    Path components = Files.createDirectory(dir.resolve("components"));
    Files.writeString(components.resolve("tick.yaml"), String.join("\n",
        "apiVersion: dapr.io/v1alpha1",
        "kind: Component",
        "metadata:",
        "  name: tick",
        "spec:",
        "  type: bindings.cron",
        "  version: v1",
        "  metadata:",
        "  - name: schedule",
        "    value: \"@every 1s\"",
        ""));
    int firstPort = freePort();
    first = node(dir.resolve("a"), components, firstPort, List.of());
    second = node(dir.resolve("b"), components, freePort(), List.of(firstPort));
    await("both nodes up in one cluster", () -> upMembers(first) == 2 && upMembers(second) == 2);
    await("the binding running", () -> !runners().isEmpty());
    await("a first firing", () -> ticks.get() > 0);

    assertOncePerSecond();
    assertThat(runners()).hasSize(1);

    Node runner = runners().get(0);
    Node other = runner == first ? second : first;
    runner.stop();
    if (runner == first) {
      first = null;
    } else {
      second = null;
    }
    await("the binding moved to the other node", () -> other.runningInputBindings().contains("tick"));
    int before = ticks.get();
    await("firings after the move", () -> ticks.get() > before);
    assertOncePerSecond();
  }

  /** Over a window of about {@link #WINDOW}, one firing per second in total: not one per node. */
  private void assertOncePerSecond() throws InterruptedException {
    int before = ticks.get();
    long start = System.nanoTime();
    while (System.nanoTime() - start < WINDOW.toNanos()) {
      Thread.sleep(100);
    }
    int fired = ticks.get() - before;
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(fired).as("firings in %.1f s", seconds)
        .isLessThanOrEqualTo((int) Math.ceil(seconds * 1.5))
        .isGreaterThanOrEqualTo((int) Math.floor(seconds / 2));
  }

  private List<Node> runners() {
    return java.util.stream.Stream.of(first, second)
        .filter(n -> n != null && n.runningInputBindings().contains("tick")).toList();
  }

  private Node node(Path data, Path components, int clusterPort, List<Integer> seeds) {
    StringBuilder yaml = new StringBuilder(String.join("\n",
        "dataDir: " + data,
        "components:",
        "  path: " + components,
        "sidecar:",
        "  port: 0",
        "  metricsPort: 0",
        "  grpcPort: 0",
        "  appPort: " + app.getAddress().getPort(),
        "cluster:",
        "  host: 127.0.0.1",
        "  port: " + clusterPort,
        ""));
    if (!seeds.isEmpty()) {
      yaml.append("  seedNodes:\n");
      seeds.forEach(p -> yaml.append("  - 127.0.0.1:").append(p).append('\n'));
    }
    return Node.start(RuntimeConfig.load(yaml.toString(), "node-" + clusterPort + ".yaml"));
  }

  private static long upMembers(Node node) {
    return java.util.stream.StreamSupport.stream(
            Cluster.get(node.runtime().system()).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up()).count();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
