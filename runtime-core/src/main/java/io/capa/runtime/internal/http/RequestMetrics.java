package io.capa.runtime.internal.http;

import io.capa.runtime.metrics.Counter;
import io.capa.runtime.metrics.Histogram;
import io.capa.runtime.metrics.MetricsRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * INTERNAL API: {@code capa_http_requests_total{route,status}} and {@code
 * capa_http_request_seconds{route}}. Children are cached per route and status so that recording is
 * an array read and one map lookup on an int, not a label-list allocation.
 */
final class RequestMetrics {
  private final Counter requests;
  private final Histogram.Child[] latency;
  private final Map<Integer, Counter.Child> counters = new ConcurrentHashMap<>();
  private final Histogram histogram;
  /** Building blocks' routes, by template and then status; their templates are a fixed set too. */
  private final Map<String, Histogram.Child> extensionLatency = new ConcurrentHashMap<>();
  private final Map<String, Counter.Child> extensionCounters = new ConcurrentHashMap<>();

  RequestMetrics(MetricsRegistry registry) {
    this.requests =
        registry.counter("capa_http_requests_total", "HTTP API requests by route template and status", "route", "status");
    Histogram histogram =
        registry.histogram("capa_http_request_seconds", "HTTP API request latency by route template", "route");
    this.histogram = histogram;
    Route[] routes = Route.values();
    this.latency = new Histogram.Child[routes.length];
    for (Route r : routes) {
      latency[r.ordinal()] = histogram.labels(r.template);
    }
  }

  void record(Route route, int status, long nanos) {
    latency[route.ordinal()].observeNanos(nanos);
    int key = route.ordinal() * 1000 + status;
    Counter.Child c = counters.get(key);
    if (c == null) {
      c = counters.computeIfAbsent(key, k -> requests.labels(route.template, Integer.toString(status)));
    }
    c.inc();
  }

  void record(String template, int status, long nanos) {
    extensionLatency.computeIfAbsent(template, histogram::labels).observeNanos(nanos);
    extensionCounters
        .computeIfAbsent(template + ' ' + status, k -> requests.labels(template, Integer.toString(status)))
        .inc();
  }
}
