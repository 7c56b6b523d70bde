package io.capa.bindings.internal.targets;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.bindings.spi.BindingTarget;
import io.capa.runtime.api.Invocation;
import io.capa.runtime.api.InvocationGraph;
import io.capa.runtime.api.InvocationSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * INTERNAL API. The application's HTTP route as a binding target: {@code POST} of the event's data,
 * its metadata as headers; any 2xx means handled and its body is the answer.
 */
public final class AppHttpTarget implements BindingTarget {
  private final InvocationGraph graph;
  private final HttpClient http;
  private final URI uri;
  private final Duration timeout;

  public AppHttpTarget(InvocationGraph graph, HttpClient http, URI uri, Duration timeout) {
    this.graph = graph;
    this.http = http;
    this.uri = uri;
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<byte[]> deliver(String binding, byte[] data, Map<String, String> metadata) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(data));
    metadata.forEach((k, v) -> {
      if (k.matches("[A-Za-z0-9-_.]+") && !v.contains("\n")) {
        request.header("metadata." + k, v);
      }
    });
    HttpRequest built = request.build();
    return graph.submit(Invocation.of(InvocationSource.BINDING, "app" + uri.getPath(),
        () -> http.sendAsync(built, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
          if (r.statusCode() / 100 != 2) {
            throw new CapaException(ErrorCode.COMPONENT_FAILED,
                "the application answered " + r.statusCode() + " to binding '" + binding + "' at " + uri);
          }
          return r.body();
        })).withTimeout(timeout));
  }
}
