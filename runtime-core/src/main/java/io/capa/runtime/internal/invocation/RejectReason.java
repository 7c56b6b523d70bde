package io.capa.runtime.internal.invocation;

import java.util.Locale;

/** INTERNAL API: why the graph refused a call; the {@code reason} label of the rejected counter. */
public enum RejectReason {
  /** The entry queue was full because the admission stage stopped pulling (global bound reached). */
  ENTRY_QUEUE_FULL,
  /** The target had all its slots busy and its waiting queue full. */
  TARGET_QUEUE_FULL,
  /** The call waited {@code capa.invocation.max-wait} for a slot. */
  MAX_WAIT,
  /** The call's own deadline passed before it got a slot. */
  DEADLINE,
  /** The graph stopped (the node is shutting down). */
  SHUTTING_DOWN;

  final String label = name().toLowerCase(Locale.ROOT);
}
