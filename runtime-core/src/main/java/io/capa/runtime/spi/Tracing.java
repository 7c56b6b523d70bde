package io.capa.runtime.spi;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Where the runtime reports the spans of a distributed trace. The runtime does not depend on a
 * tracing library: it calls this interface, {@link #NOOP} by default, and a telemetry module plugs
 * in an implementation (OpenTelemetry in {@code capa-telemetry}).
 *
 * <p>The trace context travels explicitly, never in thread-locals: a span is started from the
 * {@code traceparent}/{@code tracestate} entries of a request's headers or metadata, and {@link
 * Span#context()} gives the entries to put into the metadata of what the span calls next.
 */
public interface Tracing {
  /** Records nothing and propagates nothing. */
  Tracing NOOP = new Tracing() {
    @Override
    public Span start(String name, Kind kind, Map<String, String> parent) {
      return Span.NOOP;
    }

    @Override
    public boolean enabled() {
      return false;
    }
  };

  /** The role of a span, as OpenTelemetry defines it. */
  enum Kind {
    /** Handles a request that came from outside this process or hop (HTTP API, actor turn). */
    SERVER,
    /** Calls something outside (a component, another application). */
    CLIENT,
    /** Work inside the runtime. */
    INTERNAL
  }

  /**
   * Starts a span. {@code parent} is a request's headers or metadata (any key case); its {@code
   * traceparent} and {@code tracestate}, when present and well formed, make the span a child of the
   * caller's span; otherwise the span starts a new trace. Never throws for a malformed context.
   */
  Span start(String name, Kind kind, Map<String, String> parent);

  /** False for {@link #NOOP}: callers may skip building attributes and metadata copies. */
  default boolean enabled() {
    return true;
  }

  /**
   * Runs {@code call} in a span that ends when the stage completes, recording a failure. A call that
   * throws ends the span too and answers a failed stage.
   */
  default <T> CompletionStage<T> wrap(
      String name, Kind kind, Map<String, String> parent, Supplier<? extends CompletionStage<T>> call) {
    Span span = start(name, kind, parent);
    CompletionStage<T> stage;
    try {
      stage = call.get();
    } catch (RuntimeException e) {
      span.end(e);
      return CompletableFuture.failedFuture(e);
    }
    if (stage == null) {
      IllegalStateException e = new IllegalStateException(name + " returned no stage");
      span.end(e);
      return CompletableFuture.failedFuture(e);
    }
    // whenComplete without an executor: the span ends on the thread that completes the call.
    return stage.whenComplete((v, e) -> span.end(e));
  }

  /** One started span; confined to no thread, ended exactly once (later calls are ignored). */
  interface Span {
    /** The span of {@link #NOOP}. */
    Span NOOP = new Span() {
      @Override
      public Map<String, String> context() {
        return Map.of();
      }

      @Override
      public Span attribute(String key, String value) {
        return this;
      }

      @Override
      public void end(Throwable error) {}
    };

    /**
     * {@code traceparent} (and {@code tracestate} when there is one) naming this span as the parent,
     * to add to the metadata of what it calls; empty when nothing is propagated.
     */
    Map<String, String> context();

    /** Adds a string attribute, for instance {@code capa.actor.type}. */
    Span attribute(String key, String value);

    /** Ends the span; {@code error} is null on success, else recorded with its error code if it has one. */
    void end(Throwable error);
  }
}
