package io.capa.sidecar;

import static io.capa.sidecar.TestNode.await;
import static io.capa.sidecar.TestNode.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.telemetry.LogRecord;
import io.capa.api.telemetry.MetricKind;
import io.capa.api.telemetry.MetricPoint;
import io.capa.api.telemetry.Severity;
import io.capa.api.telemetry.TelemetryService;
import io.capa.api.telemetry.TraceContext;
import io.capa.sidecar.api.BlockServices;
import io.capa.sidecar.protocol.RuntimeProtocol;
import io.capa.sidecar.protocol.internal.Convert;
import io.capa.sidecar.protocol.internal.TelemetryConvert;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Telemetry over RPC into a recording service: records intact, the call's trace context applied, bad points refused. */
class TelemetryRpcTest {
  static TestNode node;
  static TestNode.Conn conn;
  static final List<LogRecord> logs = new CopyOnWriteArrayList<>();
  static final List<MetricPoint> points = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.shared();
    TelemetryService recording = new TelemetryService() {
      @Override
      public CompletionStage<Void> emitLogs(List<LogRecord> records) {
        logs.addAll(records);
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<Void> recordMetrics(List<MetricPoint> p) {
        points.addAll(p);
        return CompletableFuture.completedFuture(null);
      }
    };
    conn = node.connect(node.endpoint(Map.of(), BlockServices.NONE.withTelemetry(recording)));
  }

  @AfterAll
  static void stop() {
    node.release();
  }

  @Test
  void emitLogs_recordsArriveWithTheCallsTraceWhenTheyNameNone() throws Exception {
    String callTrace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    TraceContext own = TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "").orElseThrow();
    Instant at = Instant.parse("2026-11-21T10:00:00.123456789Z");
    List<LogRecord> sent = List.of(
        new LogRecord(at, Severity.WARN, "plain " + System.nanoTime(), Map.of("k", "v"), Optional.empty()),
        new LogRecord(at, Severity.ERROR, "own trace", Map.of(), Optional.of(own)));
    await(conn.runtime.emitLogs(p -> {
      TelemetryConvert.logs(sent, p.initRecords(sent.size()));
      Convert.entries(Map.of("traceparent", callTrace), p.initMetadata(1));
    }).response());

    LogRecord plain = logs.stream().filter(r -> r.body().equals(sent.get(0).body())).findFirst().orElseThrow();
    assertThat(plain.timestamp()).isEqualTo(at);
    assertThat(plain.severity()).isEqualTo(Severity.WARN);
    assertThat(plain.attributes()).containsEntry("k", "v");
    assertThat(plain.trace().orElseThrow().traceparent()).isEqualTo(callTrace);
    LogRecord traced = logs.stream().filter(r -> r.body().equals("own trace")).reduce((a, b) -> b).orElseThrow();
    assertThat(traced.trace()).contains(own);
  }

  @Test
  void recordMetrics_pointsArrive_andABadNameIsRefused() throws Exception {
    String name = "orders.placed" + System.nanoTime();
    List<MetricPoint> sent = List.of(MetricPoint.of(name, MetricKind.COUNTER, 3, ""));
    await(conn.runtime.recordMetrics(p -> TelemetryConvert.metrics(sent, p.initPoints(1))).response());
    assertThat(points).anySatisfy(p -> {
      assertThat(p.name()).isEqualTo(name);
      assertThat(p.kind()).isEqualTo(MetricKind.COUNTER);
      assertThat(p.value()).isEqualTo(3.0);
    });

    assertThat(failure(conn.runtime.recordMetrics(p -> {
      RuntimeProtocol.MetricPoint.Builder b = p.initPoints(1).get(0);
      b.setName("9 bad name");
      b.setKind(RuntimeProtocol.MetricKind.GAUGE);
    }).response()).reason()).startsWith("ERR_INVALID_REQUEST").contains("metric name");
  }
}
