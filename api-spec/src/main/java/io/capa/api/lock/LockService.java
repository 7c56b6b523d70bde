package io.capa.api.lock;

import java.util.concurrent.CompletionStage;

/**
 * Distributed locks in named lock stores: mutual exclusion between processes for a bounded time.
 * Fails with {@link io.capa.api.CapaException} {@code ERR_COMPONENT_NOT_FOUND} for an unknown store
 * and {@code ERR_COMPONENT_FAILED} when {@code tryLock} or {@code extend} cannot reach it; a store
 * failure during unlock is the status {@link UnlockStatus#INTERNAL_ERROR} instead.
 */
public interface LockService {
  /** Takes the lock if it is free; {@code false} when someone (including this owner) holds it already. */
  CompletionStage<Boolean> tryLock(LockRequest request);

  CompletionStage<UnlockStatus> unlock(UnlockRequest request);

  /**
   * Resets the expiry of a lock the owner still holds to {@code request.expiry()} from now; {@code
   * false} when the owner no longer holds it (it expired, or was taken by another owner since).
   */
  CompletionStage<Boolean> extend(LockRequest request);
}
