package io.capa.components.internal;

import io.capa.components.api.ComponentError;
import io.capa.components.api.ComponentParseException;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.SecretStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * INTERNAL API. Turns a spec into a {@link ComponentConfig} by reading every {@code secretKeyRef}
 * from the secret store named by the spec's {@code auth.secretStore}, as Dapr does.
 */
public final class SecretResolver {
  private SecretResolver() {}

  /**
   * @param stores the running secret stores by name (empty when there is none of that name)
   * @throws ComponentParseException when the spec has references but no {@code auth.secretStore}:
   *     only an edit of the file fixes that
   * @throws IllegalStateException when the store or the secret is missing, or the store fails; a
   *     later attempt may succeed
   */
  public static ComponentConfig resolve(
      ComponentSpec spec, Function<String, Optional<SecretStore>> stores, Duration timeout)
      throws InterruptedException {
    Map<String, String> resolved = new LinkedHashMap<>();
    for (Map.Entry<String, MetadataValue> e : spec.metadata().entrySet()) {
      if (e.getValue() instanceof MetadataValue.Plain plain) {
        resolved.put(e.getKey(), plain.value());
      } else if (e.getValue() instanceof MetadataValue.SecretRef ref) {
        resolved.put(e.getKey(), read(spec, e.getKey(), ref, stores, timeout));
      }
    }
    return new ComponentConfig(spec, resolved);
  }

  private static String read(
      ComponentSpec spec,
      String field,
      MetadataValue.SecretRef ref,
      Function<String, Optional<SecretStore>> stores,
      Duration timeout)
      throws InterruptedException {
    String storeName =
        spec.secretStore()
            .orElseThrow(
                () ->
                    new ComponentParseException(
                        new ComponentError(
                            spec.source(),
                            spec.line(),
                            "auth.secretStore",
                            "component '" + spec.name() + "' (" + spec.type() + "): metadata '"
                                + field + "' uses secretKeyRef " + ref.secretName()
                                + " but the component names no auth.secretStore to read it from")));
    SecretStore store =
        stores
            .apply(storeName)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "secret store '" + storeName + "' (auth.secretStore) is not available to read "
                            + "secret '" + ref.secretName() + "' for metadata '" + field + "'"));
    Map<String, String> secret;
    try {
      secret =
          store.get(ref.secretName(), Map.of()).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "secret '" + ref.secretName() + "' for metadata '" + field + "' could not be read from store '"
              + storeName + "': " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "secret store '" + storeName + "' did not answer within " + timeout + " for secret '"
              + ref.secretName() + "'");
    }
    String value = secret == null ? null : secret.get(ref.key());
    if (value == null) {
      throw new IllegalStateException(
          "secret '" + ref.secretName() + "' in store '" + storeName + "' has no key '" + ref.key()
              + "' (metadata '" + field + "'); it has " + (secret == null ? "none" : secret.keySet()));
    }
    return value;
  }
}
