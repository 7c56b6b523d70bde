package io.capa.dist.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.capa.dist.HttpFixture;
import io.capa.kafka.testkit.EmbeddedKafka;
import io.capa.runtime.api.RuntimeConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Input bindings through a real node: a {@code bindings.kafka} component (Kafka inside this JVM)
 * written through the output side over HTTP, its events posted by the node to the application's
 * {@code POST /{binding-name}} on the app port.
 */
class NodeInputBindingsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  static EmbeddedKafka kafka;
  static HttpServer app;
  static Node node;
  static HttpFixture http;
  static final List<String> received = new CopyOnWriteArrayList<>();
  static final AtomicInteger calls = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.builder().build().start();
    String topic = "events-" + UUID.randomUUID();
    kafka.createTopic(topic, 1);
    Path dir = Files.createTempDirectory("capa-dist-inputs");
    Path components = Files.createDirectory(dir.resolve("components"));
    Files.writeString(components.resolve("events.yaml"), String.join("\n",
        "apiVersion: dapr.io/v1alpha1",
        "kind: Component",
        "metadata:",
        "  name: events",
        "spec:",
        "  type: bindings.kafka",
        "  version: v1",
        "  metadata:",
        "  - name: brokers",
        "    value: \"" + kafka.bootstrapServers() + "\"",
        "  - name: topics",
        "    value: \"" + topic + "\"",
        "  - name: publishTopic",
        "    value: \"" + topic + "\"",
        "  - name: consumerGroup",
        "    value: \"g-" + UUID.randomUUID() + "\"",
        "  - name: initialOffset",
        "    value: oldest",
        ""));

    app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    // The first delivery is refused: the node must retry it, not lose it.
    app.createContext("/events", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), UTF_8);
      int status = calls.incrementAndGet() == 1 ? 500 : 200;
      if (status == 200) {
        received.add(body);
      }
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    app.start();

    String yaml = String.join("\n",
        "dataDir: " + dir.resolve("data"),
        "components:",
        "  path: " + components,
        "sidecar:",
        "  port: 0",
        "  metricsPort: 0",
        "  grpcPort: 0",
        "  appPort: " + app.getAddress().getPort(),
        "cluster:",
        "  port: 0",
        "");
    node = Node.start(RuntimeConfig.load(yaml, "test.yaml"));
    http = new HttpFixture(node.httpPort(), Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
    if (app != null) {
      app.stop(0);
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void outputThenInput_eventReachesTheAppRoute_afterARefusedDelivery() throws Exception {
    String payload = "order-" + UUID.randomUUID();
    assertThat(http.post("/v1.0/bindings/events",
        "{\"operation\":\"create\",\"data\":\"" + payload + "\"}").status()).isBetween(200, 204);

    long deadline = System.nanoTime() + WAIT.toNanos();
    while (received.stream().noneMatch(b -> b.contains(payload))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the app never received " + payload + "; calls: " + calls.get());
      }
      Thread.sleep(100);
    }
    assertThat(calls.get()).isGreaterThanOrEqualTo(2);
  }
}
