package io.capa.sidecar.internal;

import io.capa.runtime.spi.Tracing;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * INTERNAL API: the span of one RPC call that reaches a turn or an application. It continues the
 * trace context in the call's metadata, and the call goes on with the span's context in place of
 * the caller's, so the next hop is a child of this one.
 */
final class RpcSpans {
  private RpcSpans() {}

  static <T> CompletionStage<T> traced(
      Tracing tracing, String name, Map<String, String> metadata, Function<Map<String, String>, CompletionStage<T>> call) {
    if (!tracing.enabled()) {
      return call.apply(metadata);
    }
    Tracing.Span span = tracing.start(name, Tracing.Kind.SERVER, metadata).attribute("rpc.method", name);
    Map<String, String> context = span.context();
    Map<String, String> md = metadata;
    if (!context.isEmpty()) {
      md = new HashMap<>(metadata);
      md.keySet().removeIf(k -> k.equalsIgnoreCase("traceparent") || k.equalsIgnoreCase("tracestate"));
      md.putAll(context);
    }
    CompletionStage<T> stage;
    try {
      stage = call.apply(md);
    } catch (RuntimeException e) {
      span.end(e);
      throw e;
    }
    return stage.whenComplete((v, e) -> span.end(e));
  }
}
