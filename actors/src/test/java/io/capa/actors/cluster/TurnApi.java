package io.capa.actors.cluster;

/** The methods of {@link Turn}, callable by name. */
public interface TurnApi {
  /** Increments the persisted counter and returns its new value. */
  long next();

  /** The counter, without changing it. */
  long count();

  /** How many reminder firings this actor has handled. */
  long fired();

  /** The name of the node running this activation. */
  String where();
}
