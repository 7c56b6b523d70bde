package io.capa.runtime.internal.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.capa.api.actors.ActorService;
import io.capa.api.actors.ActorTypeInfo;
import io.capa.runtime.spi.ComponentInfo;
import io.capa.runtime.spi.HealthCheck;
import io.capa.runtime.spi.HealthStatus;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/** INTERNAL API: {@code /v1.0/healthz} and {@code /v1.0/metadata}. */
final class HealthAndMetadata {
  static final String RUNTIME_VERSION = readVersion();

  private final List<HealthCheck> nodeChecks;
  private final List<HealthCheck> outboundChecks;
  private final Duration checkTimeout;
  private final ActorService actors;
  private final String appId;
  private final Supplier<List<ComponentInfo>> components;

  HealthAndMetadata(
      List<HealthCheck> checks,
      List<HealthCheck> outbound,
      Duration checkTimeout,
      ActorService actors,
      String appId,
      Supplier<List<ComponentInfo>> components) {
    this.nodeChecks = List.copyOf(checks);
    List<HealthCheck> all = new ArrayList<>(checks);
    all.addAll(outbound);
    this.outboundChecks = List.copyOf(all);
    this.checkTimeout = checkTimeout;
    this.actors = actors;
    this.appId = appId;
    this.components = components;
  }

  /** {@code /v1.0/healthz}: the node's own checks. */
  CompletionStage<HttpResponse> health() {
    return health(nodeChecks);
  }

  /** {@code /v1.0/healthz/outbound}: the node's checks and those of what it reaches (components). */
  CompletionStage<HttpResponse> outboundHealth() {
    return health(outboundChecks);
  }

  /**
   * 204 when every check is up. Otherwise 503 with status {@code degraded} when every failing check
   * is degraded (a backend is down and the node recovers by itself), or 500 with status {@code
   * unhealthy}; the body names each failing check, its state and why. Checks run concurrently.
   */
  private CompletionStage<HttpResponse> health(List<HealthCheck> checks) {
    List<CompletableFuture<HealthStatus>> results = new ArrayList<>(checks.size());
    for (HealthCheck check : checks) {
      results.add(run(check));
    }
    return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0]))
        .thenApply(
            done -> {
              List<Integer> failing = new ArrayList<>();
              boolean down = false;
              for (int i = 0; i < results.size(); i++) {
                HealthStatus s = results.get(i).join();
                if (!s.healthy()) {
                  failing.add(i);
                  down |= s.state() == HealthStatus.State.DOWN;
                }
              }
              return failing.isEmpty() ? Responses.noContent() : notUp(checks, down, failing, results);
            });
  }

  private static HttpResponse notUp(List<HealthCheck> checks, boolean down, List<Integer> failing, List<CompletableFuture<HealthStatus>> results) {
    return Responses.json(
        down ? 500 : 503,
        Json.write(
            gen -> {
              gen.writeStartObject();
              gen.writeStringField("status", down ? "unhealthy" : "degraded");
              gen.writeArrayFieldStart("failing");
              for (int i : failing) {
                HealthStatus s = results.get(i).join();
                gen.writeStartObject();
                gen.writeStringField("name", checks.get(i).name());
                gen.writeStringField("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
                gen.writeStringField("detail", s.detail());
                gen.writeEndObject();
              }
              gen.writeEndArray();
              gen.writeEndObject();
            }));
  }

  /** A check that throws, fails or stays silent counts as unhealthy; it never fails the request. */
  private CompletableFuture<HealthStatus> run(HealthCheck check) {
    CompletableFuture<HealthStatus> result = new CompletableFuture<>();
    try {
      check.check().whenComplete(
          (status, error) -> {
            if (error != null) {
              result.complete(HealthStatus.unhealthy(String.valueOf(error)));
            } else {
              result.complete(status != null ? status : HealthStatus.unhealthy("the check answered null"));
            }
          });
    } catch (RuntimeException e) {
      result.complete(HealthStatus.unhealthy(e.toString()));
    }
    return result.completeOnTimeout(
        HealthStatus.unhealthy("no answer within " + checkTimeout.toMillis() + " ms"),
        checkTimeout.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  CompletionStage<HttpResponse> metadata() {
    return actors.actorTypes().thenApply(types -> Responses.json(200, Json.write(gen -> {
      gen.writeStartObject();
      gen.writeStringField("id", appId);
      gen.writeStringField("runtimeVersion", RUNTIME_VERSION);
      gen.writeFieldName("actors");
      writeCounts(gen, types);
      gen.writeObjectFieldStart("actorRuntime");
      gen.writeStringField("runtimeStatus", "RUNNING");
      gen.writeFieldName("activeActors");
      writeCounts(gen, types);
      gen.writeBooleanField("hostReady", true);
      gen.writeEndObject();
      gen.writeArrayFieldStart("components");
      for (ComponentInfo c : components.get()) {
        gen.writeStartObject();
        gen.writeStringField("name", c.name());
        gen.writeStringField("type", c.type());
        gen.writeStringField("version", c.version());
        gen.writeEndObject();
      }
      gen.writeEndArray();
      gen.writeObjectFieldStart("extended");
      gen.writeEndObject();
      gen.writeEndObject();
    })));
  }

  private static void writeCounts(JsonGenerator gen, List<ActorTypeInfo> types)
      throws IOException {
    gen.writeStartArray();
    for (ActorTypeInfo t : types) {
      gen.writeStartObject();
      gen.writeStringField("type", t.type());
      gen.writeNumberField("count", t.activeCount());
      gen.writeEndObject();
    }
    gen.writeEndArray();
  }

  /** The Maven version, filtered into a resource at build time. */
  private static String readVersion() {
    try (InputStream in = HealthAndMetadata.class.getResourceAsStream("/io/capa/runtime/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
