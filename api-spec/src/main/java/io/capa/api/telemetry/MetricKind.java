package io.capa.api.telemetry;

/** How the points of a metric combine. */
public enum MetricKind {
  /** Each point adds a non-negative amount to a running total. */
  COUNTER,
  /** Each point adds a possibly negative amount (queue length, connections in use). */
  UP_DOWN_COUNTER,
  /** Each point is the current value, replacing the previous one. */
  GAUGE,
  /** Each point is one measurement, aggregated into a distribution. */
  HISTOGRAM
}
