package io.capa.api.sequencer;

/** How strictly ids of one key increase. */
public enum Increment {
  /**
   * Unique, and increasing for any one caller, but a runtime may hand out ids from a reserved range,
   * so across runtimes an id can be smaller than one handed out earlier elsewhere. Cheap: most calls
   * do not reach the store.
   */
  WEAK,
  /** Every id is greater than every id handed out before for the key, anywhere; each call reaches the store. */
  STRONG
}
