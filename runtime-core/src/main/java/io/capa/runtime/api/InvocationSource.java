package io.capa.runtime.api;

import java.util.Locale;

/** Where an {@link Invocation} came into the node; a label of the graph's metrics. */
public enum InvocationSource {
  RPC,
  HTTP,
  REMINDER,
  BINDING,
  PROXY,
  WEBHOOK,
  /** Calls the runtime makes on its own behalf. */
  INTERNAL;

  private final String label = name().toLowerCase(Locale.ROOT);

  /** The lower-case name used as the {@code source} label value. */
  public String label() {
    return label;
  }
}
