package io.capa.lock.internal;

import io.capa.api.lock.UnlockStatus;
import io.capa.lock.spi.LockStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * INTERNAL API. Locks held in this process's memory ({@code lock.in-memory}): exclusion between
 * callers of one runtime only. Expired entries are swept periodically so abandoned resources do not
 * accumulate.
 */
final class EmbeddedLockStore implements LockStore {
  private record Held(String owner, long expiresAtNanos) {}

  private final ConcurrentMap<String, Held> locks = new ConcurrentHashMap<>();
  private final LongSupplier clock;
  private final ScheduledFuture<?> sweep;

  EmbeddedLockStore(ScheduledExecutorService scheduler, LongSupplier nanoClock) {
    this.clock = nanoClock;
    this.sweep = scheduler.scheduleWithFixedDelay(this::sweep, 10, 10, TimeUnit.SECONDS);
  }

  private boolean live(Held h, long now) {
    return h != null && h.expiresAtNanos - now > 0;
  }

  @Override
  public CompletionStage<Boolean> tryLock(String resourceId, String owner, Duration expiry) {
    long now = clock.getAsLong();
    Held mine = new Held(owner, now + expiry.toNanos());
    Held after = locks.compute(resourceId, (k, h) -> live(h, now) ? h : mine);
    return CompletableFuture.completedFuture(after == mine);
  }

  @Override
  public CompletionStage<UnlockStatus> unlock(String resourceId, String owner) {
    long now = clock.getAsLong();
    UnlockStatus[] status = new UnlockStatus[1];
    locks.compute(resourceId, (k, h) -> {
      if (!live(h, now)) {
        status[0] = UnlockStatus.LOCK_DOES_NOT_EXIST;
        return null;
      }
      if (!h.owner.equals(owner)) {
        status[0] = UnlockStatus.LOCK_BELONGS_TO_OTHERS;
        return h;
      }
      status[0] = UnlockStatus.SUCCESS;
      return null;
    });
    return CompletableFuture.completedFuture(status[0]);
  }

  @Override
  public CompletionStage<Boolean> extend(String resourceId, String owner, Duration expiry) {
    long now = clock.getAsLong();
    boolean[] extended = new boolean[1];
    locks.computeIfPresent(resourceId, (k, h) -> {
      if (live(h, now) && h.owner.equals(owner)) {
        extended[0] = true;
        return new Held(owner, now + expiry.toNanos());
      }
      return live(h, now) ? h : null;
    });
    return CompletableFuture.completedFuture(extended[0]);
  }

  private void sweep() {
    long now = clock.getAsLong();
    locks.entrySet().removeIf(e -> !live(e.getValue(), now));
  }

  @Override
  public void close() {
    sweep.cancel(false);
    locks.clear();
  }
}
