package io.capa.api.lock;

import io.capa.api.internal.Checks;
import java.time.Duration;

/**
 * A lock on {@code resourceId} for {@code lockOwner}, held at most {@code expiry} unless extended.
 * The expiry is what frees the lock when its owner dies; stores that count in whole seconds round it
 * up.
 *
 * @param lockOwner who holds the lock; only the same owner can unlock or extend it, so it should be
 *     unique per holder (a UUID per process or per task)
 */
public record LockRequest(String store, String resourceId, String lockOwner, Duration expiry) {
  public LockRequest {
    Checks.requireText(store, "lock store");
    Checks.requireText(resourceId, "resourceId");
    Checks.requireText(lockOwner, "lockOwner");
    Checks.requirePositive(expiry, "expiry");
  }
}
