package io.capa.lock.api;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.lock.LockRequest;
import io.capa.api.lock.LockService;
import io.capa.api.lock.UnlockRequest;
import io.capa.api.lock.UnlockStatus;
import io.capa.components.api.Components;
import io.capa.lock.spi.LockStore;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The lock building block over the configured lock store components. Each call goes to the store
 * it names; results are completed on {@code executor}, never on a store's I/O thread. A store that
 * fails while unlocking yields {@link UnlockStatus#INTERNAL_ERROR}, as the API promises; failures
 * of {@code tryLock} and {@code extend} surface as {@code ERR_COMPONENT_FAILED}.
 */
public final class ComponentLockService implements LockService {
  private static final String WHAT = "lock store";

  private final Components components;
  private final Executor executor;

  public ComponentLockService(Components components, Executor executor) {
    this.components = Objects.requireNonNull(components, "components");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public CompletionStage<Boolean> tryLock(LockRequest request) {
    return onStore(request.store(), s -> s.tryLock(request.resourceId(), request.lockOwner(), request.expiry()));
  }

  @Override
  public CompletionStage<UnlockStatus> unlock(UnlockRequest request) {
    LockStore store;
    try {
      store = components.require(request.store(), LockStore.class, WHAT);
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletionStage<UnlockStatus> r;
    try {
      r = store.unlock(request.resourceId(), request.lockOwner());
    } catch (RuntimeException e) {
      r = CompletableFuture.failedFuture(e);
    }
    return r.handleAsync((s, e) -> e == null ? s : UnlockStatus.INTERNAL_ERROR, executor);
  }

  @Override
  public CompletionStage<Boolean> extend(LockRequest request) {
    return onStore(request.store(), s -> s.extend(request.resourceId(), request.lockOwner(), request.expiry()));
  }

  private <T> CompletionStage<T> onStore(String name, Function<LockStore, CompletionStage<T>> call) {
    CompletionStage<T> r;
    try {
      r = call.apply(components.require(name, LockStore.class, WHAT));
    } catch (RuntimeException e) {
      r = CompletableFuture.failedFuture(e);
    }
    return r.handleAsync((v, e) -> {
      if (e != null) {
        throw asCapa(name, e);
      }
      return v;
    }, executor);
  }

  private static CapaException asCapa(String store, Throwable e) {
    Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    return c instanceof CapaException ce ? ce
        : new CapaException(ErrorCode.COMPONENT_FAILED, "lock store '" + store + "' failed: " + c, c);
  }
}
