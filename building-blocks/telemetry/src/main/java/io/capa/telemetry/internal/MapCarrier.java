package io.capa.telemetry.internal;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Locale;
import java.util.Map;

/**
 * INTERNAL API: request headers or metadata as a W3C propagation carrier. Reading ignores key case,
 * since the same map may hold HTTP headers ({@code Traceparent}) or portable-API metadata.
 */
public final class MapCarrier {
  public static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public String get(Map<String, String> carrier, String key) {
          if (carrier == null) {
            return null;
          }
          String v = carrier.get(key);
          if (v != null) {
            return v;
          }
          for (Map.Entry<String, String> e : carrier.entrySet()) {
            if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(key)) {
              return e.getValue();
            }
          }
          return null;
        }
      };

  public static final TextMapSetter<Map<String, String>> SETTER =
      (carrier, key, value) -> {
        if (carrier != null) {
          carrier.put(key, value);
        }
      };

  private MapCarrier() {}
}
