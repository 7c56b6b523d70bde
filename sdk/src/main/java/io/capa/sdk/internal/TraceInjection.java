package io.capa.sdk.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: adds the application's current trace context ({@code traceparent}, {@code
 * tracestate}) to the metadata of an outgoing call, unless the call carries one already. The
 * context comes from a supplier the application gives ({@code CapaClient.Builder.traceContext}), so
 * the SDK depends on no tracing library.
 */
final class TraceInjection {
  static final TraceInjection NONE = new TraceInjection(null);
  private static final Logger log = LoggerFactory.getLogger(TraceInjection.class);

  private final Supplier<Map<String, String>> current;

  TraceInjection(Supplier<Map<String, String>> current) {
    this.current = current;
  }

  /** {@code metadata}, with the current trace context added when it has none of its own. */
  Map<String, String> apply(Map<String, String> metadata) {
    if (current == null || hasTraceparent(metadata)) {
      return metadata;
    }
    Map<String, String> context;
    try {
      context = current.get();
    } catch (RuntimeException e) {
      // A faulty supplier must not fail the call it only annotates.
      log.warn("the trace context supplier failed; the call goes without trace context", e);
      return metadata;
    }
    if (context == null || context.isEmpty()) {
      return metadata;
    }
    Map<String, String> out = new LinkedHashMap<>(metadata);
    context.forEach((k, v) -> {
      String key = k == null ? "" : k.toLowerCase(Locale.ROOT);
      if (v != null && (key.equals("traceparent") || key.equals("tracestate"))) {
        out.put(key, v);
      }
    });
    return out;
  }

  private static boolean hasTraceparent(Map<String, String> metadata) {
    for (String k : metadata.keySet()) {
      if (k.equalsIgnoreCase("traceparent")) {
        return true;
      }
    }
    return false;
  }
}
