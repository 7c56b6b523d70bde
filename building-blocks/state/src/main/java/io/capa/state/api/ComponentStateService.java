package io.capa.state.api;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.state.BulkGetResult;
import io.capa.api.state.Consistency;
import io.capa.api.state.DeleteRequest;
import io.capa.api.state.SaveRequest;
import io.capa.api.state.StateItem;
import io.capa.api.state.StateService;
import io.capa.api.state.StateTransaction;
import io.capa.api.state.TransactionOperation;
import io.capa.components.api.Components;
import io.capa.state.spi.StateStore;
import io.capa.state.spi.StoreDelete;
import io.capa.state.spi.StoreOperation;
import io.capa.state.spi.StoreWrite;
import io.capa.state.spi.StoredValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * The state building block over state store components. Each call names a store; the service finds
 * it in {@link Components}, prefixes the key as the store's {@code keyPrefix} says ({@code
 * appId||key} by default, so applications sharing a store do not see each other's keys), checks
 * the request, and strips the prefix from what comes back.
 *
 * <p>Checks made here, the same for every store: keys are not empty and contain no {@code ||}; a
 * value is at most {@code maxValueBytes}; {@code ttlInSeconds} request metadata is a positive
 * number of seconds or {@code -1} (never expire); ETags, transactions and TTLs are refused with
 * {@code ERR_NOT_SUPPORTED} by stores without that feature. Results are handed on {@code executor},
 * never on a store's I/O thread.
 */
public final class ComponentStateService implements StateService {
  /** 16 MiB, the default largest value. */
  public static final int DEFAULT_MAX_VALUE_BYTES = 16 * 1024 * 1024;
  static final String TTL_METADATA = "ttlInSeconds";

  private final Components components;
  private final String appId;
  private final Executor executor;
  private final int maxValueBytes;

  public ComponentStateService(Components components, String appId, Executor executor) {
    this(components, appId, executor, DEFAULT_MAX_VALUE_BYTES);
  }

  public ComponentStateService(Components components, String appId, Executor executor, int maxValueBytes) {
    this.components = Objects.requireNonNull(components, "components");
    this.appId = Objects.requireNonNull(appId, "appId");
    this.executor = Objects.requireNonNull(executor, "executor");
    if (maxValueBytes < 1) {
      throw new IllegalArgumentException("maxValueBytes must be positive, got " + maxValueBytes);
    }
    this.maxValueBytes = maxValueBytes;
  }

  private record Target(StateStore store, KeyPrefix prefix, String name) {}

  private Target target(String storeName) {
    if (storeName == null || storeName.isBlank()) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, "a state store name must not be blank");
    }
    StateStore store = components.require(storeName, StateStore.class, "state store");
    return new Target(store, KeyPrefix.of(store.keyPrefix(), appId, storeName), storeName);
  }

  @Override
  public CompletionStage<Optional<StateItem>> get(
      String store, String key, Consistency consistency, Map<String, String> metadata) {
    return call(() -> {
      Target t = target(store);
      return t.store().get(t.prefix().apply(key)).thenApply(v -> v.map(s -> item(key, s)));
    });
  }

  @Override
  public CompletionStage<List<BulkGetResult>> getBulk(String store, List<String> keys, Map<String, String> metadata) {
    return call(() -> {
      Target t = target(store);
      Objects.requireNonNull(keys, "keys");
      List<String> prefixed = new ArrayList<>(keys.size());
      for (String k : keys) {
        prefixed.add(t.prefix().apply(k));
      }
      if (keys.isEmpty()) {
        return CompletableFuture.completedFuture(List.<BulkGetResult>of());
      }
      return t.store().getBulk(prefixed).handle((values, e) -> {
        List<BulkGetResult> out = new ArrayList<>(keys.size());
        if (e != null) {
          // each key fails on its own in the API's shape; here the store failed them all at once
          CapaException c = asCapa(e, t.name());
          for (String k : keys) {
            out.add(new BulkGetResult.Failed(k, c.errorCode(), c.getMessage()));
          }
          return out;
        }
        for (int i = 0; i < keys.size(); i++) {
          String k = keys.get(i);
          out.add(values.get(i).<BulkGetResult>map(s -> new BulkGetResult.Found(item(k, s)))
              .orElseGet(() -> new BulkGetResult.Absent(k)));
        }
        return out;
      });
    });
  }

  @Override
  public CompletionStage<Void> save(String store, List<SaveRequest> requests) {
    return call(() -> {
      Target t = target(store);
      Objects.requireNonNull(requests, "requests");
      List<StoreWrite> writes = new ArrayList<>(requests.size());
      for (SaveRequest r : requests) {
        writes.add(write(t, r));
      }
      if (writes.isEmpty()) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      return t.store().save(writes);
    });
  }

  @Override
  public CompletionStage<Void> delete(String store, DeleteRequest request) {
    return call(() -> {
      Target t = target(store);
      return t.store().delete(delete(t, request));
    });
  }

  @Override
  public CompletionStage<Void> transact(String store, StateTransaction transaction) {
    return call(() -> {
      Target t = target(store);
      if (!t.store().features().contains(StateStore.Feature.TRANSACTIONAL)) {
        throw new CapaException(ErrorCode.NOT_SUPPORTED, "state store '" + store + "' does not support transactions");
      }
      List<StoreOperation> ops = new ArrayList<>(transaction.operations().size());
      long total = 0;
      for (TransactionOperation op : transaction.operations()) {
        if (op instanceof TransactionOperation.Upsert u) {
          StoreWrite w = write(t, u.request());
          total += w.value().length;
          ops.add(w);
        } else {
          ops.add(delete(t, ((TransactionOperation.Delete) op).request()));
        }
      }
      if (total > maxValueBytes) {
        throw new CapaException(ErrorCode.PAYLOAD_TOO_LARGE, "the transaction's values add up to " + total
            + " bytes, more than the limit of " + maxValueBytes);
      }
      return t.store().transact(ops);
    });
  }

  private StoreWrite write(Target t, SaveRequest r) {
    if (r.value().length > maxValueBytes) {
      throw new CapaException(ErrorCode.PAYLOAD_TOO_LARGE, "the value of state key '" + r.key() + "' has "
          + r.value().length + " bytes, more than the limit of " + maxValueBytes);
    }
    Optional<Duration> ttl = r.ttl().isPresent() ? r.ttl() : ttlFromMetadata(r.metadata());
    if (ttl.isPresent() && !t.store().features().contains(StateStore.Feature.TTL)) {
      throw new CapaException(ErrorCode.NOT_SUPPORTED, "state store '" + t.name() + "' does not support TTLs");
    }
    requireEtagSupport(t, r.etag());
    return new StoreWrite(t.prefix().apply(r.key()), r.value(), r.etag(), r.options().concurrency(), ttl);
  }

  private StoreDelete delete(Target t, DeleteRequest r) {
    requireEtagSupport(t, r.etag());
    return new StoreDelete(t.prefix().apply(r.key()), r.etag());
  }

  private static void requireEtagSupport(Target t, Optional<String> etag) {
    if (etag.isPresent() && !t.store().features().contains(StateStore.Feature.ETAG)) {
      throw new CapaException(ErrorCode.NOT_SUPPORTED, "state store '" + t.name() + "' does not support ETags");
    }
  }

  /** Dapr's {@code ttlInSeconds} request metadata: seconds, or -1 to keep the value for ever. */
  static Optional<Duration> ttlFromMetadata(Map<String, String> metadata) {
    String raw = metadata.get(TTL_METADATA);
    if (raw == null) {
      return Optional.empty();
    }
    long seconds;
    try {
      seconds = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, "metadata ttlInSeconds '" + raw + "' is not a whole number");
    }
    if (seconds == -1) {
      return Optional.of(StoreWrite.NO_EXPIRY);
    }
    if (seconds <= 0) {
      throw new CapaException(ErrorCode.INVALID_REQUEST,
          "metadata ttlInSeconds must be a positive number of seconds or -1, got " + seconds);
    }
    return Optional.of(Duration.ofSeconds(seconds));
  }

  private static StateItem item(String key, StoredValue v) {
    return new StateItem(key, v.value(), v.etag(), Map.of());
  }

  /**
   * Runs {@code body}, turning what it throws and how its stage fails into {@link CapaException}s,
   * and completes on the service's executor.
   */
  private <T> CompletionStage<T> call(java.util.function.Supplier<CompletionStage<T>> body) {
    CompletionStage<T> stage;
    try {
      stage = body.get();
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<T> out = new CompletableFuture<>();
    stage.whenComplete((v, e) -> {
      Runnable complete = e == null ? () -> out.complete(v) : () -> out.completeExceptionally(asCapa(e, null));
      try {
        executor.execute(complete);
      } catch (RuntimeException rejected) {
        complete.run();
      }
    });
    return out;
  }

  private static CapaException asCapa(Throwable e, String store) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof CapaException c) {
      return c;
    }
    if (t instanceof IllegalArgumentException || t instanceof NullPointerException) {
      return new CapaException(ErrorCode.INVALID_REQUEST, String.valueOf(t.getMessage()), t);
    }
    String name = store == null ? "" : " '" + store + "'";
    return new CapaException(ErrorCode.COMPONENT_FAILED, "state store" + name + " failed: " + t, t);
  }
}
