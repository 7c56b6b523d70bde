package io.capa.sidecar.memory;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.state.BulkGetResult;
import io.capa.api.state.Concurrency;
import io.capa.api.state.Consistency;
import io.capa.api.state.DeleteRequest;
import io.capa.api.state.SaveRequest;
import io.capa.api.state.StateItem;
import io.capa.api.state.StateService;
import io.capa.api.state.StateTransaction;
import io.capa.api.state.TransactionOperation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A state service over plain maps, for tests of what carries the state API (the far side of the
 * RPC mapping). ETags are version numbers; a key named {@code fail} fails reads with
 * {@code ERR_COMPONENT_FAILED}. The last metadata seen is kept, to check that it travelled.
 */
public final class MemoryState implements StateService {
  private record Value(byte[] data, long version, Map<String, String> metadata) {}

  private final Set<String> stores;
  private final Map<String, Map<String, Value>> data = new HashMap<>();
  private final AtomicLong versions = new AtomicLong();
  public volatile Map<String, String> lastMetadata = Map.of();

  public MemoryState(String... stores) {
    this.stores = Set.of(stores);
  }

  private Map<String, Value> store(String name) {
    if (!stores.contains(name)) {
      throw new CapaException(ErrorCode.COMPONENT_NOT_FOUND, "state store '" + name + "' is not configured");
    }
    return data.computeIfAbsent(name, n -> new HashMap<>());
  }

  private static <T> CompletionStage<T> run(java.util.function.Supplier<T> body) {
    try {
      return CompletableFuture.completedFuture(body.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public synchronized CompletionStage<Optional<StateItem>> get(String store, String key, Consistency consistency, Map<String, String> metadata) {
    lastMetadata = metadata;
    return run(() -> {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("state key must not be blank");
      }
      Map<String, Value> s = store(store);
      if (key.equals("fail")) {
        throw new CapaException(ErrorCode.COMPONENT_FAILED, "state store '" + store + "' failed reading 'fail'");
      }
      Value v = s.get(key);
      return v == null ? Optional.empty()
          : Optional.of(new StateItem(key, v.data(), Optional.of(Long.toString(v.version())), v.metadata()));
    });
  }

  @Override
  public CompletionStage<List<BulkGetResult>> getBulk(String store, List<String> keys, Map<String, String> metadata) {
    return run(() -> {
      List<BulkGetResult> out = new ArrayList<>();
      for (String key : keys) {
        try {
          Optional<StateItem> item = get(store, key, Consistency.EVENTUAL, metadata).toCompletableFuture().join();
          out.add(item.<BulkGetResult>map(BulkGetResult.Found::new).orElse(new BulkGetResult.Absent(key)));
        } catch (java.util.concurrent.CompletionException e) {
          CapaException c = (CapaException) e.getCause();
          if (c.errorCode() == ErrorCode.COMPONENT_NOT_FOUND) {
            throw c;
          }
          out.add(new BulkGetResult.Failed(key, c.errorCode(), c.getMessage()));
        }
      }
      return out;
    });
  }

  @Override
  public synchronized CompletionStage<Void> save(String store, List<SaveRequest> requests) {
    return run(() -> {
      Map<String, Value> s = store(store);
      for (SaveRequest r : requests) {
        lastMetadata = r.metadata();
        check(s, r.key(), r.etag(), r.options().concurrency(), false);
        s.put(r.key(), new Value(r.value(), versions.incrementAndGet(), r.metadata()));
      }
      return null;
    });
  }

  @Override
  public synchronized CompletionStage<Void> delete(String store, DeleteRequest request) {
    return run(() -> {
      Map<String, Value> s = store(store);
      check(s, request.key(), request.etag(), Concurrency.LAST_WRITE, true);
      s.remove(request.key());
      return null;
    });
  }

  @Override
  public synchronized CompletionStage<Void> transact(String store, StateTransaction transaction) {
    return run(() -> {
      Map<String, Value> s = store(store);
      lastMetadata = transaction.metadata();
      for (TransactionOperation op : transaction.operations()) {
        if (op instanceof TransactionOperation.Upsert u) {
          check(s, u.key(), u.request().etag(), u.request().options().concurrency(), false);
        } else if (op instanceof TransactionOperation.Delete d) {
          check(s, d.key(), d.request().etag(), Concurrency.LAST_WRITE, true);
        }
      }
      for (TransactionOperation op : transaction.operations()) {
        if (op instanceof TransactionOperation.Upsert u) {
          s.put(u.key(), new Value(u.request().value(), versions.incrementAndGet(), u.request().metadata()));
        } else {
          s.remove(op.key());
        }
      }
      return null;
    });
  }

  private static void check(Map<String, Value> s, String key, Optional<String> etag, Concurrency concurrency, boolean delete) {
    Value current = s.get(key);
    if (etag.isPresent()) {
      long version;
      try {
        version = Long.parseLong(etag.get());
      } catch (NumberFormatException e) {
        throw new CapaException(ErrorCode.ETAG_INVALID, "etag '" + etag.get() + "' is not a version of this store");
      }
      if (current == null || current.version() != version) {
        throw new CapaException(ErrorCode.ETAG_MISMATCH, "key '" + key + "' is not at version " + version);
      }
    } else if (!delete && concurrency == Concurrency.FIRST_WRITE && current != null) {
      throw new CapaException(ErrorCode.ETAG_MISMATCH, "key '" + key + "' already has a value (first-write)");
    }
  }
}
