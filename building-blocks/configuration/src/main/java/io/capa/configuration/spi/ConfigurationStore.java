package io.capa.configuration.spi;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.configuration.ConfigurationItem;
import io.capa.components.spi.Component;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A configuration store component ({@code configuration.*}). Calls fail with {@code
 * ERR_COMPONENT_FAILED} when the store cannot be reached; stores that cannot write keep the
 * default {@link #save} and {@link #delete}, which fail with {@code ERR_NOT_SUPPORTED}.
 */
public interface ConfigurationStore extends Component {

  /** The items of {@code keys}, or of every key when {@code keys} is empty; missing keys are left out. */
  CompletionStage<Map<String, ConfigurationItem>> get(List<String> keys, Map<String, String> metadata);

  /**
   * Calls {@code listener} with each change of {@code keys} (every key when empty) from now on,
   * until the returned watch is closed. The listener is called one change at a time and must return
   * quickly; it must not block.
   */
  AutoCloseable watch(List<String> keys, Consumer<ConfigurationChange> listener);

  /**
   * Writes the items; an item with a version is written only if the store still holds that
   * version ({@code ERR_ETAG_MISMATCH} otherwise).
   */
  default CompletionStage<Void> save(List<ConfigurationItem> items, Map<String, String> metadata) {
    return CompletableFuture.failedFuture(new CapaException(ErrorCode.NOT_SUPPORTED, "this configuration store is read-only"));
  }

  default CompletionStage<Void> delete(List<String> keys, Map<String, String> metadata) {
    return CompletableFuture.failedFuture(new CapaException(ErrorCode.NOT_SUPPORTED, "this configuration store is read-only"));
  }
}
