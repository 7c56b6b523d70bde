package io.capa.api.secrets;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Read-only access to secrets in named secret stores. A secret is a map, since many stores keep
 * several values under one name (user and password, for instance); stores with single values answer
 * a one-entry map keyed by the secret's name.
 *
 * <p>Fails with {@link io.capa.api.CapaException}: {@code ERR_COMPONENT_NOT_FOUND} for an unknown
 * store, {@code ERR_SECRET_NOT_FOUND}, {@code ERR_PERMISSION_DENIED} when the store's access policy
 * hides the secret from the app, {@code ERR_COMPONENT_FAILED} when the store errs.
 */
public interface SecretService {
  CompletionStage<Map<String, String>> get(String store, String key, Map<String, String> metadata);

  default CompletionStage<Map<String, String>> get(String store, String key) {
    return get(store, key, Map.of());
  }

  /** Every secret the app may read from the store, by name; secrets the policy hides are left out. */
  CompletionStage<Map<String, Map<String, String>>> bulkGet(String store, Map<String, String> metadata);
}
