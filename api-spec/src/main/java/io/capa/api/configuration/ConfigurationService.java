package io.capa.api.configuration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The configuration building block: read, watch and write key/value settings in named stores. Fails
 * with {@link io.capa.api.CapaException}: {@code ERR_COMPONENT_NOT_FOUND} for an unknown store,
 * {@code ERR_NOT_SUPPORTED} for writes to a read-only store, {@code ERR_COMPONENT_FAILED} when the
 * store errs.
 */
public interface ConfigurationService {
  /** The current items by key; requested keys without a value are missing from the map. */
  CompletionStage<Map<String, ConfigurationItem>> get(ConfigurationRequest request);

  /**
   * Changes of the requested keys from now on (the current values come from {@link #get}). Each
   * subscriber is a watch of its own; cancelling ends it.
   */
  Flow.Publisher<ConfigurationUpdate> subscribe(ConfigurationRequest request);

  CompletionStage<Void> save(String store, List<ConfigurationItem> items, Map<String, String> metadata);

  /** Removes the keys; fails with {@code ERR_INVALID_REQUEST} when none is named. */
  CompletionStage<Void> delete(String store, List<String> keys, Map<String, String> metadata);
}
