package io.capa.state.spi;

import io.capa.components.spi.Component;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A state store component: one key/value store, as one component file configures it. The state
 * service routes calls to it by store name and hands it keys that already carry the app's prefix
 * ({@code app||key}), so a store never sees a store name nor adds a prefix of its own.
 *
 * <p>Every stage fails with {@link io.capa.api.CapaException}: {@code ERR_ETAG_MISMATCH} when a
 * version check fails, {@code ERR_ETAG_INVALID} for an ETag the store cannot read, {@code
 * ERR_COMPONENT_FAILED} when the server errs or is away (at once, not after a long wait).
 */
public interface StateStore extends Component {

  /** What a store can do beyond plain reads and writes. */
  enum Feature {
    /** Keeps a version per key and checks ETags on writes and deletes. */
    ETAG,
    /** Applies {@link #transact} all or nothing. */
    TRANSACTIONAL,
    /** Expires values after {@link StoreWrite#ttl()}. */
    TTL
  }

  Set<Feature> features();

  /**
   * How the service prefixes keys for this store, the component's {@code keyPrefix} metadata:
   * {@code appid} (the default), {@code name}, {@code none}, or any other text as a fixed prefix.
   */
  default String keyPrefix() {
    return "appid";
  }

  /** The value under {@code key}; empty when there is none or it expired. */
  CompletionStage<Optional<StoredValue>> get(String key);

  /** The values under {@code keys}, one entry per key in the same order, empty where there is none. */
  CompletionStage<List<Optional<StoredValue>>> getBulk(List<String> keys);

  /** Writes each value on its own; the stage fails with the first failure. */
  CompletionStage<Void> save(List<StoreWrite> writes);

  CompletionStage<Void> delete(StoreDelete delete);

  /** Applies every operation or none of them. */
  CompletionStage<Void> transact(List<StoreOperation> operations);
}
