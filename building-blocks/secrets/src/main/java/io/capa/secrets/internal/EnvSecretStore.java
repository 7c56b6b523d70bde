package io.capa.secrets.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.spi.SecretStore;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * INTERNAL API. {@code secretstores.local.env}: the process's environment variables. With a {@code
 * prefix}, only variables that start with it are secrets, named without the prefix ({@code
 * prefix: APP_} makes {@code APP_DB_PASSWORD} the secret {@code DB_PASSWORD}).
 */
final class EnvSecretStore implements SecretStore {
  private final String name;
  private final String prefix;
  private final Supplier<Map<String, String>> environment;

  EnvSecretStore(String name, String prefix, Supplier<Map<String, String>> environment) {
    this.name = name;
    this.prefix = prefix;
    this.environment = environment;
  }

  @Override
  public CompletionStage<Map<String, String>> get(String key, Map<String, String> metadata) {
    String value = environment.get().get(prefix + key);
    if (value == null) {
      return CompletableFuture.failedFuture(
          new CapaException(
              ErrorCode.SECRET_NOT_FOUND,
              "secret '" + key + "' not found in store '" + name + "' (no environment variable " + prefix + key + ")"));
    }
    return CompletableFuture.completedFuture(Map.of(key, value));
  }

  @Override
  public CompletionStage<Map<String, Map<String, String>>> bulkGet(Map<String, String> metadata) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    environment.get().forEach((k, v) -> {
      if (k.startsWith(prefix) && k.length() > prefix.length()) {
        String key = k.substring(prefix.length());
        out.put(key, Map.of(key, v));
      }
    });
    return CompletableFuture.completedFuture(out);
  }

  @Override
  public void close() {}
}
