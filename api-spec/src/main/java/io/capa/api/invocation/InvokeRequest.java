package io.capa.api.invocation;

import io.capa.api.internal.Checks;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A call of a method of another application, addressed by its app id. The data is opaque to the
 * runtime; {@code httpVerb} and {@code query} carry what an HTTP caller sent, so an application
 * reached over HTTP sees the same request.
 *
 * @param timeout how long the caller waits; {@code null} takes the runtime default
 */
public record InvokeRequest(
    String appId,
    String method,
    byte[] data,
    String contentType,
    String httpVerb,
    String query,
    Map<String, String> metadata,
    Duration timeout) {
  public InvokeRequest {
    Checks.requireText(appId, "appId");
    Checks.requireText(method, "method");
    data = Checks.orEmpty(data);
    contentType = Objects.requireNonNullElse(contentType, "application/octet-stream");
    httpVerb = Objects.requireNonNullElse(httpVerb, "POST");
    query = Objects.requireNonNullElse(query, "");
    metadata = Map.copyOf(Objects.requireNonNullElse(metadata, Map.of()));
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  /** A POST of {@code data} with no metadata and the default timeout. */
  public static InvokeRequest of(String appId, String method, byte[] data, String contentType) {
    return new InvokeRequest(appId, method, data, contentType, "POST", "", Map.of(), null);
  }
}
