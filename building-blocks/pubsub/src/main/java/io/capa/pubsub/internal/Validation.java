package io.capa.pubsub.internal;

import io.capa.components.api.ComponentParseException;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.ComponentConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** INTERNAL API. Runs a factory's settings parser on a spec without resolving secrets or connecting. */
final class Validation {
  private Validation() {}

  static List<String> of(ComponentSpec spec, Consumer<ComponentConfig> parse) {
    Map<String, String> plain = new LinkedHashMap<>();
    spec.metadata().forEach((k, v) -> {
      if (v instanceof MetadataValue.Plain p) {
        plain.put(k, p.value());
      }
    });
    try {
      parse.accept(new ComponentConfig(spec, plain));
      return List.of();
    } catch (ComponentParseException e) {
      return List.of(e.error().problem());
    }
  }
}
