package io.capa.configuration.api;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.configuration.ConfigurationItem;
import io.capa.api.configuration.ConfigurationRequest;
import io.capa.api.configuration.ConfigurationService;
import io.capa.api.configuration.ConfigurationUpdate;
import io.capa.components.api.Components;
import io.capa.configuration.spi.ConfigurationStore;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * The configuration building block over the configured configuration store components. Results and
 * subscription signals are delivered on {@code executor}. A subscription is a watch on the store it
 * names; it honours the subscriber's demand and, when the subscriber falls behind, merges pending
 * changes per key (see {@link CoalescingSubscription}) rather than buffering every change.
 */
public final class ComponentConfigurationService implements ConfigurationService {
  private static final String WHAT = "configuration store";

  private final Components components;
  private final Executor executor;

  public ComponentConfigurationService(Components components, Executor executor) {
    this.components = Objects.requireNonNull(components, "components");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public CompletionStage<Map<String, ConfigurationItem>> get(ConfigurationRequest request) {
    return onStore(request.store(), s -> s.get(request.keys(), request.metadata()));
  }

  @Override
  public Flow.Publisher<ConfigurationUpdate> subscribe(ConfigurationRequest request) {
    return subscriber -> {
      Objects.requireNonNull(subscriber, "subscriber");
      CoalescingSubscription sub = new CoalescingSubscription(request.store(), subscriber, executor);
      subscriber.onSubscribe(sub);
      try {
        ConfigurationStore store = components.require(request.store(), ConfigurationStore.class, WHAT);
        sub.attach(store.watch(request.keys(), sub::offer));
      } catch (RuntimeException e) {
        sub.fail(e);
      }
    };
  }

  @Override
  public CompletionStage<Void> save(String store, List<ConfigurationItem> items, Map<String, String> metadata) {
    if (items == null || items.isEmpty()) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.INVALID_REQUEST, "no configuration items to save"));
    }
    return onStore(store, s -> s.save(List.copyOf(items), metadata == null ? Map.of() : metadata));
  }

  @Override
  public CompletionStage<Void> delete(String store, List<String> keys, Map<String, String> metadata) {
    if (keys == null || keys.isEmpty()) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.INVALID_REQUEST, "no configuration keys to delete"));
    }
    return onStore(store, s -> s.delete(List.copyOf(keys), metadata == null ? Map.of() : metadata));
  }

  private <T> CompletionStage<T> onStore(String name, Function<ConfigurationStore, CompletionStage<T>> call) {
    CompletionStage<T> r;
    try {
      r = call.apply(components.require(name, ConfigurationStore.class, WHAT));
    } catch (RuntimeException e) {
      r = CompletableFuture.failedFuture(e);
    }
    return r.handleAsync((v, e) -> {
      if (e != null) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        throw c instanceof CapaException ce ? ce
            : new CapaException(ErrorCode.COMPONENT_FAILED, WHAT + " '" + name + "' failed: " + c, c);
      }
      return v;
    }, executor);
  }
}
