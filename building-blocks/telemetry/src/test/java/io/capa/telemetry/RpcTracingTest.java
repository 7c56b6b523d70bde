package io.capa.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.capa.actors.api.ActorRuntime;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.sdk.api.CapaClient;
import io.capa.sidecar.api.Applications;
import io.capa.sidecar.api.SidecarEndpoint;
import io.capa.telemetry.api.Telemetry;
import io.capa.telemetry.api.TelemetrySettings;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sidecar hop: an application's actor call through the SDK and the RPC endpoint carries its
 * trace context in the call's metadata, and the actor's turn continues that trace.
 */
class RpcTracingTest {
  private static final String TRACE_ID = "a3ce929d0e0e47364bf92f3577b34da6";
  private static final String APP_SPAN = "0ba902b700f067aa";

  private static Telemetry telemetry;
  private static ActorRuntime runtime;
  private static SidecarEndpoint endpoint;

  @BeforeAll
  static void start() throws Exception {
    telemetry = Telemetry.create(TelemetrySettings.inMemory("orders", 1.0));
    runtime =
        ActorRuntime.builder()
            .register(TracedActors.relay())
            .setting("capa.persistence.backend", "inmem")
            .setting("capa.cluster.port", 0)
            .setting("capa.data-dir", Files.createTempDirectory("capa-telemetry-rpc").toString())
            .tracing(telemetry.tracing())
            .start();
    var config = ConfigFactory.parseMap(Map.of("capa.rpc.port", 0)).withFallback(runtime.system().settings().config());
    endpoint =
        SidecarEndpoint.start(runtime, config, Applications.create(runtime.system()), () -> {})
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    endpoint.stop();
    runtime.close();
    telemetry.close();
  }

  @Test
  void actorCall_throughTheSdk_continuesTheApplicationsTrace() throws Exception {
    String traceparent = "00-" + TRACE_ID + "-" + APP_SPAN + "-01";
    try (CapaClient client = CapaClient.builder()
        .appId("tracer")
        .runtime("127.0.0.1", endpoint.port())
        .callTimeout(Duration.ofSeconds(10))
        .traceContext(() -> Map.of("traceparent", traceparent))
        .build()) {
      byte[] r = client.actors()
          .invoke(new ActorInvocation(new ActorId("Relay", "s1"), "echo", json("\"rpc\"")))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertThat(new String(r, StandardCharsets.UTF_8)).isEqualTo("\"rpc\"");
    }
    SpanData turn = awaitSpan(s -> s.getName().equals("actor Relay.echo") && s.getTraceId().equals(TRACE_ID));
    assertThat(turn.getParentSpanId()).isEqualTo(APP_SPAN);
  }

  @Test
  void actorCall_ownTraceparentInMetadata_winsOverTheSupplier() throws Exception {
    String own = "00-" + TRACE_ID.replace('a', 'c') + "-" + APP_SPAN.replace('0', '1') + "-01";
    try (CapaClient client = CapaClient.builder()
        .appId("tracer")
        .runtime("127.0.0.1", endpoint.port())
        .callTimeout(Duration.ofSeconds(10))
        .traceContext(() -> {
          throw new IllegalStateException("must not be asked");
        })
        .build()) {
      ActorInvocation call = new ActorInvocation(
          new ActorId("Relay", "s2"), "echo", json("\"own\""), null, Map.of("traceparent", own));
      client.actors().invoke(call).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    SpanData turn = awaitSpan(s -> s.getName().equals("actor Relay.echo")
        && s.getAttributes().asMap().toString().contains("capa.actor.id=s2"));
    assertThat(turn.getTraceId()).isEqualTo(TRACE_ID.replace('a', 'c'));
    assertThat(turn.getParentSpanId()).isEqualTo(APP_SPAN.replace('0', '1'));
  }

  @Test
  void actorCall_failingSupplier_stillSucceedsInANewTrace() throws Exception {
    try (CapaClient client = CapaClient.builder()
        .appId("tracer")
        .runtime("127.0.0.1", endpoint.port())
        .callTimeout(Duration.ofSeconds(10))
        .traceContext(() -> {
          throw new IllegalStateException("no tracer");
        })
        .build()) {
      byte[] r = client.actors()
          .invoke(new ActorInvocation(new ActorId("Relay", "s3"), "echo", json("\"ok\"")))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertThat(new String(r, StandardCharsets.UTF_8)).isEqualTo("\"ok\"");
    }
    SpanData turn = awaitSpan(s -> s.getName().equals("actor Relay.echo")
        && s.getAttributes().asMap().toString().contains("capa.actor.id=s3"));
    assertThat(turn.getParentSpanContext().isValid()).isFalse();
  }

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static SpanData awaitSpan(Predicate<SpanData> match) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (SpanData s : telemetry.finishedSpans()) {
        if (match.test(s)) {
          return s;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no such span among " + telemetry.finishedSpans());
  }
}
