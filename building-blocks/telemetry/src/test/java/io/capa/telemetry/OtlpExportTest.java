package io.capa.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.capa.api.telemetry.LogRecord;
import io.capa.api.telemetry.MetricKind;
import io.capa.api.telemetry.MetricPoint;
import io.capa.api.telemetry.Severity;
import io.capa.runtime.spi.Tracing;
import io.capa.telemetry.api.OtelTelemetryService;
import io.capa.telemetry.api.Telemetry;
import io.capa.telemetry.api.TelemetrySettings;
import io.capa.telemetry.api.TelemetrySettings.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OTLP/HTTP export to a receiver of our own that counts the POSTs on each signal's path. */
class OtlpExportTest {
  private HttpServer receiver;
  private final Map<String, AtomicInteger> posts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> bytes = new ConcurrentHashMap<>();

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      if (exchange.getRequestMethod().equals("POST")) {
        try (InputStream in = exchange.getRequestBody()) {
          bytes.computeIfAbsent(path, p -> new AtomicInteger()).addAndGet(in.readAllBytes().length);
        }
        posts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      }
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  @Test
  void export_httpProtobuf_postsSpansLogsAndMetrics() throws Exception {
    String endpoint = "127.0.0.1:" + receiver.getAddress().getPort();
    try (Telemetry telemetry = Telemetry.create(TelemetrySettings.otlp("orders", endpoint, Protocol.HTTP_PROTOBUF))) {
      telemetry.tracing().start("GET /v1.0/healthz", Tracing.Kind.SERVER, Map.of()).end(null);
      OtelTelemetryService service = new OtelTelemetryService(telemetry);
      service.emitLogs(List.of(LogRecord.of(Severity.INFO, "hello"))).toCompletableFuture().join();
      service.recordMetrics(List.of(MetricPoint.of("hits", MetricKind.COUNTER, 1, ""))).toCompletableFuture().join();

      assertThat(telemetry.flush(Duration.ofSeconds(10))).isTrue();
      awaitPost("/v1/traces");
      awaitPost("/v1/logs");
      awaitPost("/v1/metrics");
    }
    assertThat(bytes.get("/v1/traces").get()).isPositive();
  }

  @Test
  void export_receiverDown_doesNotFailTheCaller() throws Exception {
    String endpoint = "127.0.0.1:" + receiver.getAddress().getPort();
    receiver.stop(0);
    TelemetrySettings settings = new TelemetrySettings(
        true, "orders", 1.0, endpoint, Protocol.HTTP_PROTOBUF, false, Duration.ofSeconds(1), Duration.ofSeconds(60));
    try (Telemetry telemetry = Telemetry.create(settings)) {
      Tracing.Span span = telemetry.tracing().start("x", Tracing.Kind.SERVER, Map.of());
      span.end(null);
      OtelTelemetryService service = new OtelTelemetryService(telemetry);
      service.emitLogs(List.of(LogRecord.of(Severity.INFO, "hello"))).toCompletableFuture().join();

      assertThat(span.context()).containsKey("traceparent");
      telemetry.flush(Duration.ofSeconds(5)); // fails to export, and says so only through its result
    }
  }

  private void awaitPost(String path) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      AtomicInteger n = posts.get(path);
      if (n != null && n.get() > 0) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no POST to " + path + "; saw " + posts);
  }
}
