package io.capa.api.invocation;

import io.capa.api.internal.Checks;
import java.util.Map;
import java.util.Objects;

/**
 * What the called application answered. {@code status} follows HTTP (200 for success), so an
 * application reached over HTTP and one reached over RPC answer alike.
 */
public record InvokeResponse(int status, byte[] data, String contentType, Map<String, String> metadata) {
  public InvokeResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be an HTTP status (100-599): " + status);
    }
    data = Checks.orEmpty(data);
    contentType = Objects.requireNonNullElse(contentType, "application/octet-stream");
    metadata = Map.copyOf(Objects.requireNonNullElse(metadata, Map.of()));
  }

  public static InvokeResponse ok(byte[] data, String contentType) {
    return new InvokeResponse(200, data, contentType, Map.of());
  }
}
