package io.capa.api.state;

/**
 * What a write without an ETag does when the key already has a value. A write that carries an ETag
 * is always checked against it, whichever mode is chosen.
 */
public enum Concurrency {
  /** Without an ETag the write only succeeds if the key has no value yet ({@code ERR_ETAG_MISMATCH} otherwise). */
  FIRST_WRITE,
  /** Without an ETag the write replaces whatever value is there. */
  LAST_WRITE
}
