package io.capa.api.state;

/** How far a read or write waits for the store's replicas. */
public enum Consistency {
  /** Answers from (or acknowledges after) any replica; a read may miss a recent write. */
  EVENTUAL,
  /** Answers only once a quorum agrees; a read sees every acknowledged write. */
  STRONG
}
