package io.capa.api.lock;

import io.capa.api.internal.Checks;

/** Releases the lock on {@code resourceId} if {@code lockOwner} holds it. */
public record UnlockRequest(String store, String resourceId, String lockOwner) {
  public UnlockRequest {
    Checks.requireText(store, "lock store");
    Checks.requireText(resourceId, "resourceId");
    Checks.requireText(lockOwner, "lockOwner");
  }
}
