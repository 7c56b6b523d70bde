package io.capa.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.capa.actors.api.ActorRuntime;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.api.invocation.InvokeRequest;
import io.capa.api.invocation.InvokeResponse;
import io.capa.api.secrets.SecretService;
import io.capa.api.state.BulkGetResult;
import io.capa.api.state.Consistency;
import io.capa.api.state.DeleteRequest;
import io.capa.api.state.SaveRequest;
import io.capa.api.state.StateItem;
import io.capa.api.state.StateService;
import io.capa.api.state.StateTransaction;
import io.capa.sdk.api.CapaClient;
import io.capa.sidecar.api.Applications;
import io.capa.sidecar.api.BlockServices;
import io.capa.sidecar.api.SidecarEndpoint;
import io.capa.telemetry.api.Telemetry;
import io.capa.telemetry.api.TelemetrySettings;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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

  private static final AtomicReference<Map<String, String>> secretMetadata = new AtomicReference<>();
  /** Keeps the metadata each read came with. */
  private static final SecretService SECRETS = new SecretService() {
    @Override
    public CompletionStage<Map<String, String>> get(String store, String key, Map<String, String> metadata) {
      secretMetadata.set(metadata);
      return CompletableFuture.completedFuture(Map.of(key, "s3cret"));
    }

    @Override
    public CompletionStage<Map<String, Map<String, String>>> bulkGet(String store, Map<String, String> metadata) {
      secretMetadata.set(metadata);
      return CompletableFuture.completedFuture(Map.of());
    }
  };

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
        SidecarEndpoint.start(runtime, config, Applications.create(runtime.system()),
                BlockServices.NONE.withState(new TracedState(telemetry)).withSecrets(SECRETS), () -> {})
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
    SpanData hop = awaitSpan(s -> s.getSpanId().equals(turn.getParentSpanId()));
    assertThat(hop.getName()).isEqualTo("Runtime.invokeActor");
    assertThat(hop.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(hop.getParentSpanId()).isEqualTo(APP_SPAN);
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
    SpanData hop = awaitSpan(s -> s.getSpanId().equals(turn.getParentSpanId()));
    assertThat(hop.getParentSpanId()).isEqualTo(APP_SPAN.replace('0', '1'));
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
    SpanData hop = awaitSpan(s -> s.getSpanId().equals(turn.getParentSpanId()));
    assertThat(hop.getName()).isEqualTo("Runtime.invokeActor");
    assertThat(hop.getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void serviceInvocation_throughTheSdk_reachesTheAppAsAChildOfTheHop() throws Exception {
    String traceId = TRACE_ID.replace('b', 'e');
    AtomicReference<Map<String, String>> seen = new AtomicReference<>();
    try (CapaClient app = CapaClient.builder().appId("traced-billing").runtime("127.0.0.1", endpoint.port()).build();
        CapaClient caller = CapaClient.builder()
            .appId("tracer")
            .runtime("127.0.0.1", endpoint.port())
            .callTimeout(Duration.ofSeconds(10))
            .traceContext(() -> Map.of("traceparent", "00-" + traceId + "-" + APP_SPAN + "-01"))
            .build()) {
      app.registerApp(request -> {
        seen.set(request.metadata());
        return CompletableFuture.completedFuture(InvokeResponse.ok(json("1"), "application/json"));
      });
      invokeUntilRegistered(caller, InvokeRequest.of("traced-billing", "charge", json("{}"), "application/json"));
    }
    SpanData hop = awaitSpan(s -> s.getName().equals("Runtime.invoke") && s.getTraceId().equals(traceId)
        && s.getStatus().getStatusCode() != StatusCode.ERROR);
    assertThat(hop.getParentSpanId()).isEqualTo(APP_SPAN);
    assertThat(seen.get()).containsEntry("traceparent", "00-" + traceId + "-" + hop.getSpanId() + "-01");
  }

  /**
   * A state block in front of an in-memory store: each read is a component call in a client span,
   * the one-line pattern building blocks follow.
   */
  private static final class TracedState implements StateService {
    private final Telemetry telemetry;
    private final Map<String, String> values = new ConcurrentHashMap<>(Map.of("k", "v"));

    TracedState(Telemetry telemetry) {
      this.telemetry = telemetry;
    }

    @Override
    public CompletionStage<Optional<StateItem>> get(
        String store, String key, Consistency consistency, Map<String, String> metadata) {
      return telemetry.componentCall("state.get", store, metadata, () -> CompletableFuture.completedFuture(
          Optional.ofNullable(values.get(key)).map(v -> new StateItem(key, json(v), Optional.of("1"), Map.of()))));
    }

    @Override
    public CompletionStage<List<BulkGetResult>> getBulk(String store, List<String> keys, Map<String, String> metadata) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.NOT_SUPPORTED, "not in this test"));
    }

    @Override
    public CompletionStage<Void> save(String store, List<SaveRequest> requests) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.NOT_SUPPORTED, "not in this test"));
    }

    @Override
    public CompletionStage<Void> delete(String store, DeleteRequest request) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.NOT_SUPPORTED, "not in this test"));
    }

    @Override
    public CompletionStage<Void> transact(String store, StateTransaction transaction) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.NOT_SUPPORTED, "not in this test"));
    }
  }

  @Test
  void stateRead_throughTheSdk_isAComponentSpanInTheApplicationsTrace() throws Exception {
    String traceId = TRACE_ID.replace('d', 'f');
    try (CapaClient client = CapaClient.builder()
        .appId("tracer")
        .runtime("127.0.0.1", endpoint.port())
        .callTimeout(Duration.ofSeconds(10))
        .traceContext(() -> Map.of("traceparent", "00-" + traceId + "-" + APP_SPAN + "-01"))
        .build()) {
      Optional<StateItem> item = client.state().get("orders-store", "k").toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertThat(item).isPresent();
    }
    SpanData component = awaitSpan(s -> s.getName().equals("state.get") && s.getTraceId().equals(traceId));
    assertThat(component.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(component.getParentSpanId()).isEqualTo(APP_SPAN);
    assertThat(component.getAttributes().asMap().toString()).contains("capa.component=orders-store");
  }

  @Test
  void secretRead_throughTheSdk_carriesTheTraceContextBesideItsOwnMetadata() throws Exception {
    String traceparent = "00-" + TRACE_ID.replace('e', '1') + "-" + APP_SPAN + "-01";
    try (CapaClient client = CapaClient.builder()
        .appId("tracer")
        .runtime("127.0.0.1", endpoint.port())
        .callTimeout(Duration.ofSeconds(10))
        .traceContext(() -> Map.of("traceparent", traceparent, "tracestate", "app=1"))
        .build()) {
      client.secrets().get("vault", "db", Map.of("version", "2")).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertThat(secretMetadata.get())
        .containsEntry("version", "2")
        .containsEntry("traceparent", traceparent)
        .containsEntry("tracestate", "app=1");
  }

  /** The registration reaches the runtime asynchronously: until it has, the app id is unknown. */
  private static void invokeUntilRegistered(CapaClient caller, InvokeRequest request) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        caller.invocation().invoke(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof CapaException ce && ce.errorCode() == ErrorCode.APP_NOT_FOUND)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
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
