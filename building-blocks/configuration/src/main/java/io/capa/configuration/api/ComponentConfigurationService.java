package io.capa.configuration.api;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.configuration.ConfigurationItem;
import io.capa.api.configuration.ConfigurationRequest;
import io.capa.api.configuration.ConfigurationService;
import io.capa.api.configuration.ConfigurationUpdate;
import io.capa.components.api.ComponentChange;
import io.capa.components.api.ComponentError;
import io.capa.components.api.Components;
import io.capa.components.api.ComponentsListener;
import io.capa.configuration.spi.ConfigurationStore;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
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

  private record Live(ConfigurationRequest request, CoalescingSubscription subscription) {}

  private final Components components;
  private final Executor executor;
  private final Set<Live> live = ConcurrentHashMap.newKeySet();

  public ComponentConfigurationService(Components components, Executor executor) {
    this.components = Objects.requireNonNull(components, "components");
    this.executor = Objects.requireNonNull(executor, "executor");
    components.addListener(new ComponentsListener() {
      @Override
      public void onChange(ComponentChange change) {
        reattach(change);
      }

      @Override
      public void onError(ComponentError error) {}
    });
  }

  /**
   * Subscriptions follow a reload of their store: they watch the new instance from then on (changes
   * in between are not replayed), and fail with {@code ERR_COMPONENT_NOT_FOUND} when it is removed.
   */
  private void reattach(ComponentChange change) {
    Set<String> replaced = new HashSet<>();
    change.added().forEach(s -> replaced.add(s.name()));
    change.changed().forEach(s -> replaced.add(s.name()));
    Set<String> removed = new HashSet<>();
    change.removed().forEach(s -> removed.add(s.name()));
    for (Live l : live) {
      String store = l.request().store();
      if (removed.contains(store)) {
        l.subscription().fail(new CapaException(ErrorCode.COMPONENT_NOT_FOUND,
            WHAT + " '" + store + "' was removed"));
      } else if (replaced.contains(store)) {
        try {
          ConfigurationStore s = components.require(store, ConfigurationStore.class, WHAT);
          l.subscription().attach(s.watch(l.request().keys(), l.subscription()::offer));
        } catch (RuntimeException e) {
          l.subscription().fail(e);
        }
      }
    }
  }

  @Override
  public CompletionStage<Map<String, ConfigurationItem>> get(ConfigurationRequest request) {
    return onStore(request.store(), s -> s.get(request.keys(), request.metadata()));
  }

  @Override
  public Flow.Publisher<ConfigurationUpdate> subscribe(ConfigurationRequest request) {
    return subscriber -> {
      Objects.requireNonNull(subscriber, "subscriber");
      Live[] self = new Live[1];
      CoalescingSubscription sub = new CoalescingSubscription(request.store(), subscriber, executor,
          () -> live.remove(self[0]));
      self[0] = new Live(request, sub);
      live.add(self[0]);
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
