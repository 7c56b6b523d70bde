package io.capa.api.lock;

/** How an unlock ended. */
public enum UnlockStatus {
  SUCCESS,
  /** Nobody holds the lock (never taken, released, or expired). */
  LOCK_DOES_NOT_EXIST,
  /** Another owner holds the lock; it is left alone. */
  LOCK_BELONGS_TO_OTHERS,
  /** The store failed while releasing; the lock may still be held until it expires. */
  INTERNAL_ERROR
}
