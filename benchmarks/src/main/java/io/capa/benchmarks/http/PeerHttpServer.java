package io.capa.benchmarks.http;

import io.capa.benchmarks.internal.BareCounter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.stream.Materializer;

/**
 * The peer of the runtime's HTTP API: a bare pekko-http server that serves the same path, {@code
 * POST /v1.0/actors/Counter/{id}/method/get}, by asking a {@link BareCounter} entity with the Java
 * {@code EntityRef.ask} and returning its value as JSON. It is what a team would write by hand on
 * Pekko to expose sharded entities over HTTP, with no routing DSL, auth or metrics.
 */
final class PeerHttpServer {
  private static final String PREFIX = "/v1.0/actors/Counter/";
  private static final String SUFFIX = "/method/get";

  private final BareCounter.Client counters;
  private final Materializer mat;

  private PeerHttpServer(BareCounter.Client counters, Materializer mat) {
    this.counters = counters;
    this.mat = mat;
  }

  static ServerBinding start(ActorSystem<?> system, BareCounter.Client counters, int port) {
    PeerHttpServer server = new PeerHttpServer(counters, Materializer.matFromSystem(system));
    return Http.get(system).newServerAt("127.0.0.1", port).bind(server::handle).toCompletableFuture().join();
  }

  private CompletionStage<HttpResponse> handle(HttpRequest request) {
    request.discardEntityBytes(mat);
    String path = request.getUri().path();
    if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX) || path.length() <= PREFIX.length() + SUFFIX.length()) {
      return CompletableFuture.completedFuture(HttpResponse.create().withStatus(StatusCodes.NOT_FOUND));
    }
    String id = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
    return counters
        .add(id, 0)
        .thenApply(
            v ->
                HttpResponse.create()
                    .withEntity(ContentTypes.APPLICATION_JSON, Long.toString(v).getBytes(StandardCharsets.UTF_8)));
  }
}
