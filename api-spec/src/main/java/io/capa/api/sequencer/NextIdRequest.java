package io.capa.api.sequencer;

import io.capa.api.internal.Checks;
import java.util.Map;
import java.util.Objects;

/** Asks for the next id of {@code key}; ids are positive and never handed out twice for a key. */
public record NextIdRequest(String store, String key, Increment increment, Map<String, String> metadata) {
  public NextIdRequest {
    Checks.requireText(store, "sequencer store");
    Checks.requireText(key, "sequence key");
    increment = Objects.requireNonNullElse(increment, Increment.WEAK);
    metadata = Checks.metadata(metadata, "sequencer metadata");
  }

  public static NextIdRequest of(String store, String key, Increment increment) {
    return new NextIdRequest(store, key, increment, Map.of());
  }
}
