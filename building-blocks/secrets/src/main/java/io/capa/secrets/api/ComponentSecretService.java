package io.capa.secrets.api;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.secrets.SecretService;
import io.capa.components.api.Components;
import io.capa.components.spi.SecretStore;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The secrets building block: each call goes to the secret store component it names. An unknown
 * store fails with {@code ERR_COMPONENT_NOT_FOUND}, a missing secret with {@code
 * ERR_SECRET_NOT_FOUND}, and any other error of the store with {@code ERR_COMPONENT_FAILED}.
 */
public final class ComponentSecretService implements SecretService {
  private final Components components;
  private final Executor executor;

  /** @param executor where answers are completed, so callers never run on a store's thread */
  public ComponentSecretService(Components components, Executor executor) {
    this.components = Objects.requireNonNull(components, "components");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public CompletionStage<Map<String, String>> get(String store, String key, Map<String, String> metadata) {
    if (key == null || key.isBlank()) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.INVALID_REQUEST, "secret key must not be blank"));
    }
    return call(store, s -> s.get(key, metadata == null ? Map.of() : metadata));
  }

  @Override
  public CompletionStage<Map<String, Map<String, String>>> bulkGet(String store, Map<String, String> metadata) {
    return call(store, s -> s.bulkGet(metadata == null ? Map.of() : metadata));
  }

  private <T> CompletionStage<T> call(String store, Function<SecretStore, CompletionStage<T>> op) {
    CompletionStage<T> answer;
    try {
      answer = op.apply(components.require(store, SecretStore.class, "secret store"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(asCapa(store, e));
    }
    CompletableFuture<T> out = new CompletableFuture<>();
    answer.whenCompleteAsync(
        (value, error) -> {
          if (error != null) {
            out.completeExceptionally(asCapa(store, error));
          } else {
            out.complete(value);
          }
        },
        executor);
    return out;
  }

  private static CapaException asCapa(String store, Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof CapaException capa) {
      return capa;
    }
    return new CapaException(ErrorCode.COMPONENT_FAILED, "secret store '" + store + "' failed: " + e.getMessage(), e);
  }
}
