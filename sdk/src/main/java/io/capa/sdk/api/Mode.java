package io.capa.sdk.api;

/**
 * How an application uses the building blocks. Actors are the exception: they are always reached
 * through the runtime, in both modes.
 */
public enum Mode {
  /** Building blocks in-process, against the same components the runtime would use. */
  SDK,
  /** Every call goes through the runtime (the sidecar). */
  SIDECAR
}
