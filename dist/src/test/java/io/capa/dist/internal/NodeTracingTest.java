package io.capa.dist.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.capa.runtime.api.RuntimeConfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher's telemetry wiring: with Dapr's {@code tracing.otel.*} keys set, an actor call over
 * HTTP reaches an OTLP/HTTP receiver (a small server of this test) as spans of the caller's trace.
 */
class NodeTracingTest {
  private static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
  private static final String CALLER_SPAN = "eee19b7ec3c1b174";

  private HttpServer receiver;
  private final ByteArrayOutputStream traces = new ByteArrayOutputStream();

  @AfterEach
  void stopReceiver() {
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void actorCall_withTracingConfigured_exportsTheTraceOverOtlp() throws Exception {
    startReceiver();
    Path dir = Files.createTempDirectory("capa-dist-tracing");
    String yaml = String.join("\n",
        "appId: traced",
        "dataDir: " + dir.resolve("data"),
        "sidecar:", "  port: 0", "  metricsPort: 0", "  grpcPort: 0",
        "cluster:", "  port: 0",
        tracingYaml());
    Node node = Node.start(RuntimeConfig.load(yaml, "test.yaml"));
    HttpResponse<String> r;
    try {
      r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1.0/actors/Counter/t1/method/increment"))
              .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofString("2"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } finally {
      node.stop(); // exports what is buffered
    }

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("traceparent")).hasValueSatisfying(v -> assertThat(v).contains(TRACE_ID));
    byte[] traceId = HexFormat.of().parseHex(TRACE_ID);
    awaitExported(traceId, "/v1.0/actors/{type}/{id}/method/{method}".getBytes(StandardCharsets.UTF_8),
        "actor Counter.increment".getBytes(StandardCharsets.UTF_8), "traced".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void stateReadThroughTheSdk_continuesTheApplicationsTrace_intoAComponentSpan() throws Exception {
    startReceiver();
    Path dir = Files.createTempDirectory("capa-dist-tracing");
    Path components = Files.createDirectory(dir.resolve("components"));
    Files.writeString(components.resolve("store.yaml"), String.join("\n",
        "apiVersion: dapr.io/v1alpha1", "kind: Component", "metadata:", "  name: store",
        "spec:", "  type: state.h2", "  version: v1", ""));
    String yaml = String.join("\n",
        "appId: traced",
        "dataDir: " + dir.resolve("data"),
        "sidecar:", "  port: 0", "  metricsPort: 0", "  grpcPort: 0",
        "cluster:", "  port: 0",
        "components:", "  path: " + components,
        tracingYaml());
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    Node node = Node.start(RuntimeConfig.load(yaml, "test.yaml"));
    try (io.capa.sdk.api.CapaClient capa = io.capa.sdk.api.CapaClient.builder().appId("traced")
        .runtime("127.0.0.1", node.rpcPort())
        .prefer(io.capa.sdk.api.Mode.SIDECAR)
        .traceContext(() -> java.util.Map.of("traceparent", "00-" + traceId + "-" + CALLER_SPAN + "-01"))
        .build()) {
      assertThat(capa.state().get("store", "missing").toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS))
          .isEmpty();
    } finally {
      node.stop();
    }

    awaitExported(HexFormat.of().parseHex(traceId), "state.get".getBytes(StandardCharsets.UTF_8));
  }

  private void startReceiver() throws java.io.IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (exchange.getRequestURI().getPath().equals("/v1/traces")) {
        synchronized (traces) {
          traces.writeBytes(body);
        }
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
  }

  private String tracingYaml() {
    return String.join("\n",
        "tracing:",
        "  samplingRate: \"1\"",
        "  otel:",
        "    endpointAddress: 127.0.0.1:" + receiver.getAddress().getPort(),
        "    protocol: http",
        "    isSecure: false",
        "");
  }

  private void awaitExported(byte[]... parts) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    byte[] seen = new byte[0];
    while (System.nanoTime() < deadline) {
      synchronized (traces) {
        seen = traces.toByteArray();
      }
      if (containsAll(seen, parts)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the receiver got " + seen.length + " bytes of spans without all of the expected parts");
  }

  private static boolean containsAll(byte[] haystack, byte[]... needles) {
    for (byte[] n : needles) {
      if (indexOf(haystack, n) < 0) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
