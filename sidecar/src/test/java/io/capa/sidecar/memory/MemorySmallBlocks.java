package io.capa.sidecar.memory;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingResponse;
import io.capa.api.bindings.BindingService;
import io.capa.api.lock.LockRequest;
import io.capa.api.lock.LockService;
import io.capa.api.lock.UnlockRequest;
import io.capa.api.lock.UnlockStatus;
import io.capa.api.secrets.SecretService;
import io.capa.api.sequencer.SequencerService;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Secrets, locks, a sequencer and an echo binding over plain maps, for tests of what carries them. */
public final class MemorySmallBlocks {
  private MemorySmallBlocks() {}

  /** Store "vault": {"db": {"user": "u", "password": "p"}, "api": {"api": "k"}}. */
  public static SecretService secrets() {
    Map<String, Map<String, String>> vault = new LinkedHashMap<>();
    vault.put("db", Map.of("user", "u", "password", "p"));
    vault.put("api", Map.of("api", "k"));
    return new SecretService() {
      @Override
      public CompletionStage<Map<String, String>> get(String store, String key, Map<String, String> metadata) {
        if (!store.equals("vault")) {
          return CompletableFuture.failedFuture(new CapaException(ErrorCode.COMPONENT_NOT_FOUND, "no secret store '" + store + "'"));
        }
        Map<String, String> v = vault.get(key);
        return v == null
            ? CompletableFuture.failedFuture(new CapaException(ErrorCode.SECRET_NOT_FOUND, "no secret '" + key + "'"))
            : CompletableFuture.completedFuture(v);
      }

      @Override
      public CompletionStage<Map<String, Map<String, String>>> bulkGet(String store, Map<String, String> metadata) {
        if (!store.equals("vault")) {
          return CompletableFuture.failedFuture(new CapaException(ErrorCode.COMPONENT_NOT_FOUND, "no secret store '" + store + "'"));
        }
        return CompletableFuture.completedFuture(vault);
      }
    };
  }

  /** Any store name; expiry is not enforced (tests run well within it). */
  public static LockService locks() {
    Map<String, String> owners = new HashMap<>();
    return new LockService() {
      @Override
      public synchronized CompletionStage<Boolean> tryLock(LockRequest r) {
        return CompletableFuture.completedFuture(owners.putIfAbsent(r.store() + "/" + r.resourceId(), r.lockOwner()) == null);
      }

      @Override
      public synchronized CompletionStage<UnlockStatus> unlock(UnlockRequest r) {
        String key = r.store() + "/" + r.resourceId();
        String owner = owners.get(key);
        if (owner == null) {
          return CompletableFuture.completedFuture(UnlockStatus.LOCK_DOES_NOT_EXIST);
        }
        if (!owner.equals(r.lockOwner())) {
          return CompletableFuture.completedFuture(UnlockStatus.LOCK_BELONGS_TO_OTHERS);
        }
        owners.remove(key);
        return CompletableFuture.completedFuture(UnlockStatus.SUCCESS);
      }

      @Override
      public synchronized CompletionStage<Boolean> extend(LockRequest r) {
        return CompletableFuture.completedFuture(r.lockOwner().equals(owners.get(r.store() + "/" + r.resourceId())));
      }
    };
  }

  public static SequencerService sequencer() {
    Map<String, AtomicLong> ids = new ConcurrentHashMap<>();
    return r -> CompletableFuture.completedFuture(
        ids.computeIfAbsent(r.store() + "/" + r.key(), k -> new AtomicLong()).incrementAndGet());
  }

  /** Binding "echo": operation "echo" answers the data with the metadata and "operation"; others are not supported. */
  public static BindingService bindings() {
    return r -> {
      if (!r.name().equals("echo")) {
        return CompletableFuture.failedFuture(new CapaException(ErrorCode.COMPONENT_NOT_FOUND, "no binding '" + r.name() + "'"));
      }
      if (!r.operation().equals("echo")) {
        return CompletableFuture.failedFuture(new CapaException(ErrorCode.NOT_SUPPORTED,
            "binding 'echo' has no operation '" + r.operation() + "'"));
      }
      Map<String, String> meta = new HashMap<>(r.metadata());
      meta.put("operation", r.operation());
      return CompletableFuture.completedFuture(new BindingResponse(r.data(), meta));
    };
  }
}
