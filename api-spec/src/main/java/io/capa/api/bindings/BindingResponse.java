package io.capa.api.bindings;

import io.capa.api.internal.Checks;
import java.util.Map;

/** What the binding answered; empty data for operations that return nothing. */
public record BindingResponse(byte[] data, Map<String, String> metadata) {
  public BindingResponse {
    data = Checks.orEmpty(data);
    metadata = Checks.metadata(metadata, "binding metadata");
  }
}
