package io.capa.api.bindings;

import io.capa.api.internal.Checks;
import java.util.Map;

/**
 * A call of an output binding: {@code operation} is one the binding offers ({@code create}, {@code
 * get}, {@code delete}, {@code list} or one of its own); metadata carries its per-call settings.
 */
public record BindingRequest(String name, String operation, byte[] data, Map<String, String> metadata) {
  public BindingRequest {
    Checks.requireText(name, "binding name");
    Checks.requireText(operation, "operation");
    data = Checks.orEmpty(data);
    metadata = Checks.metadata(metadata, "binding metadata");
  }

  public static BindingRequest of(String name, String operation, byte[] data) {
    return new BindingRequest(name, operation, data, Map.of());
  }
}
