package io.capa.sidecar.protocol.internal;

import io.capa.api.lock.LockRequest;
import io.capa.api.lock.UnlockRequest;
import io.capa.api.lock.UnlockStatus;
import io.capa.api.sequencer.Increment;
import io.capa.sidecar.protocol.RuntimeProtocol;
import java.time.Duration;

/** INTERNAL API: the smaller building blocks' values (locks, sequencer) to and from runtime.capnp. */
public final class BlockConvert {
  private BlockConvert() {}

  public static void lock(String store, String resourceId, String owner, Duration expiry,
      RuntimeProtocol.LockRequest.Builder b) {
    b.setStore(store);
    b.setResourceId(resourceId);
    b.setLockOwner(owner);
    b.setExpiryMillis(Convert.millis(expiry));
    b.initMetadata(0);
  }

  public static LockRequest lock(RuntimeProtocol.LockRequest.Reader r) {
    if (r.getExpiryMillis() == 0) {
      throw new IllegalArgumentException("lock expiry must be positive, not 0 ms");
    }
    return new LockRequest(r.getStore(), r.getResourceId(), r.getLockOwner(), Convert.millis(r.getExpiryMillis()));
  }

  public static UnlockRequest unlock(RuntimeProtocol.LockRequest.Reader r) {
    return new UnlockRequest(r.getStore(), r.getResourceId(), r.getLockOwner());
  }

  public static RuntimeProtocol.UnlockStatus status(UnlockStatus s) {
    return switch (s) {
      case SUCCESS -> RuntimeProtocol.UnlockStatus.SUCCESS;
      case LOCK_DOES_NOT_EXIST -> RuntimeProtocol.UnlockStatus.LOCK_DOES_NOT_EXIST;
      case LOCK_BELONGS_TO_OTHERS -> RuntimeProtocol.UnlockStatus.LOCK_BELONGS_TO_OTHERS;
      case INTERNAL_ERROR -> RuntimeProtocol.UnlockStatus.INTERNAL_ERROR;
    };
  }

  public static UnlockStatus status(RuntimeProtocol.UnlockStatus s) {
    return switch (s) {
      case SUCCESS -> UnlockStatus.SUCCESS;
      case LOCK_DOES_NOT_EXIST -> UnlockStatus.LOCK_DOES_NOT_EXIST;
      case LOCK_BELONGS_TO_OTHERS -> UnlockStatus.LOCK_BELONGS_TO_OTHERS;
      default -> UnlockStatus.INTERNAL_ERROR;
    };
  }

  public static RuntimeProtocol.Increment increment(Increment i) {
    return i == Increment.STRONG ? RuntimeProtocol.Increment.STRONG : RuntimeProtocol.Increment.WEAK;
  }

  public static Increment increment(RuntimeProtocol.Increment i) {
    return i == RuntimeProtocol.Increment.STRONG ? Increment.STRONG : Increment.WEAK;
  }
}
