package io.capa.api.state;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The state building block: key/value state in named stores, with ETags for optimistic concurrency.
 * Keys are scoped to the calling application, so two applications may use the same key.
 *
 * <p>Every stage fails with {@link CapaException}: {@code ERR_COMPONENT_NOT_FOUND} for an unknown
 * store, {@code ERR_ETAG_MISMATCH} / {@code ERR_ETAG_INVALID} for a failed ETag check, {@code
 * ERR_COMPONENT_FAILED} when the store errs, {@code ERR_INVALID_REQUEST} for a blank store name.
 */
public interface StateService {
  /** Reads one key; empty when the key has no value. */
  CompletionStage<Optional<StateItem>> get(
      String store, String key, Consistency consistency, Map<String, String> metadata);

  default CompletionStage<Optional<StateItem>> get(String store, String key) {
    return get(store, key, Consistency.EVENTUAL, Map.of());
  }

  /** Reads many keys; the answer has one result per requested key, in the requested order. */
  CompletionStage<List<BulkGetResult>> getBulk(String store, List<String> keys, Map<String, String> metadata);

  /**
   * Writes the values one by one, not atomically: when one fails, the stage fails with its error and
   * the others may or may not have been written. Use {@link #transact} for all or nothing.
   */
  CompletionStage<Void> save(String store, List<SaveRequest> requests);

  default CompletionStage<Void> save(String store, SaveRequest request) {
    return save(store, List.of(request));
  }

  CompletionStage<Void> delete(String store, DeleteRequest request);

  default CompletionStage<Void> delete(String store, String key) {
    return delete(store, DeleteRequest.of(key));
  }

  /** Applies the operations atomically; fails with {@code ERR_NOT_SUPPORTED} on a non-transactional store. */
  CompletionStage<Void> transact(String store, StateTransaction transaction);

  /**
   * Queries a store with a JSON query ({@code filter}, {@code sort}, {@code page}) as Dapr defines
   * it. Optional: stores that cannot query answer {@code ERR_NOT_SUPPORTED}, which is also what this
   * default does.
   */
  default CompletionStage<StateQueryResult> query(String store, String query, Map<String, String> metadata) {
    return CompletableFuture.failedStage(
        new CapaException(ErrorCode.NOT_SUPPORTED, "state store '" + store + "' does not support queries"));
  }
}
