package io.capa.telemetry.internal;

import io.capa.runtime.spi.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** INTERNAL API: the runtime's tracing hook on an OpenTelemetry tracer. */
public final class OtelTracing implements Tracing {
  private final Tracer tracer;
  private final TextMapPropagator propagator;

  public OtelTracing(Tracer tracer, TextMapPropagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  public Tracing.Span start(String name, Kind kind, Map<String, String> parent) {
    Context parentContext =
        parent == null || parent.isEmpty()
            ? Context.root()
            : propagator.extract(Context.root(), parent, MapCarrier.GETTER);
    io.opentelemetry.api.trace.Span span = tracer.spanBuilder(name).setParent(parentContext).setSpanKind(kind(kind)).startSpan();
    return new OtelSpan(span, propagator);
  }

  private static SpanKind kind(Kind kind) {
    switch (kind) {
      case SERVER:
        return SpanKind.SERVER;
      case CLIENT:
        return SpanKind.CLIENT;
      default:
        return SpanKind.INTERNAL;
    }
  }

  private static final class OtelSpan implements Tracing.Span {
    private final io.opentelemetry.api.trace.Span span;
    private final TextMapPropagator propagator;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Map<String, String> context;

    OtelSpan(io.opentelemetry.api.trace.Span span, TextMapPropagator propagator) {
      this.span = span;
      this.propagator = propagator;
    }

    @Override
    public Map<String, String> context() {
      Map<String, String> c = context;
      if (c == null) {
        Map<String, String> out = new HashMap<>(4);
        propagator.inject(Context.root().with(span), out, MapCarrier.SETTER);
        c = Map.copyOf(out);
        context = c;
      }
      return c;
    }

    @Override
    public Tracing.Span attribute(String key, String value) {
      span.setAttribute(key, value);
      return this;
    }

    @Override
    public void end(Throwable error) {
      if (ended.compareAndSet(false, true)) {
        Spans.end(span, error);
      }
    }
  }
}
