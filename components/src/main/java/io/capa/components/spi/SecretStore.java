package io.capa.components.spi;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A secret store component ({@code secretstores.*}). It is part of the component model itself, not
 * only a building block: other components' metadata takes values from it through {@code
 * secretKeyRef}, so the registry creates secret stores first and resolves references with them.
 */
public interface SecretStore extends Component {

  /**
   * The secret {@code key}: one or more name/value pairs (a plain value is {@code {key: value}}).
   * Fails with {@code ERR_SECRET_NOT_FOUND} when there is no such secret.
   */
  CompletionStage<Map<String, String>> get(String key, Map<String, String> metadata);

  /** Every secret the store holds, by key. */
  CompletionStage<Map<String, Map<String, String>>> bulkGet(Map<String, String> metadata);
}
