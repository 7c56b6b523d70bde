package io.capa.sidecar.memory;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.configuration.ConfigurationItem;
import io.capa.api.configuration.ConfigurationRequest;
import io.capa.api.configuration.ConfigurationService;
import io.capa.api.configuration.ConfigurationUpdate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A configuration store over a map, for tests of what carries the configuration API: store "cfg"
 * only, versions are numbers, watches honour demand (updates beyond it wait here, counted by {@link
 * #waiting()}). One thread delivers.
 */
public final class MemoryConfiguration implements ConfigurationService, AutoCloseable {
  private final Map<String, ConfigurationItem> items = new ConcurrentHashMap<>();
  private final AtomicLong versions = new AtomicLong();
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "memory-configuration");
    t.setDaemon(true);
    return t;
  });

  private static void known(String store) {
    if (!store.equals("cfg")) {
      throw new CapaException(ErrorCode.COMPONENT_NOT_FOUND, "no configuration store '" + store + "'");
    }
  }

  @Override
  public CompletionStage<Map<String, ConfigurationItem>> get(ConfigurationRequest request) {
    try {
      known(request.store());
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
    Map<String, ConfigurationItem> out = new LinkedHashMap<>();
    items.forEach((k, v) -> {
      if (request.keys().isEmpty() || request.keys().contains(k)) {
        out.put(k, v);
      }
    });
    return CompletableFuture.completedFuture(out);
  }

  @Override
  public synchronized CompletionStage<Void> save(String store, List<ConfigurationItem> list, Map<String, String> metadata) {
    try {
      known(store);
      for (ConfigurationItem i : list) {
        ConfigurationItem current = items.get(i.key());
        if (i.version().isPresent() && (current == null || !current.version().equals(i.version()))) {
          throw new CapaException(ErrorCode.ETAG_MISMATCH, "configuration key '" + i.key() + "' is not at version " + i.version().get());
        }
      }
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
    for (ConfigurationItem i : list) {
      ConfigurationItem stored = new ConfigurationItem(i.key(), i.value(), Optional.of(Long.toString(versions.incrementAndGet())), i.metadata());
      items.put(i.key(), stored);
      publish(new ConfigurationUpdate(store, Map.of(i.key(), stored), Set.of()));
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletionStage<Void> delete(String store, List<String> keys, Map<String, String> metadata) {
    try {
      known(store);
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (keys.isEmpty()) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.INVALID_REQUEST, "delete names no key"));
    }
    for (String k : keys) {
      if (items.remove(k) != null) {
        publish(new ConfigurationUpdate(store, Map.of(), Set.of(k)));
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  private void publish(ConfigurationUpdate u) {
    for (Watch w : watches) {
      String key = u.changed().isEmpty() ? u.removed().iterator().next() : u.changed().keySet().iterator().next();
      if (w.request.keys().isEmpty() || w.request.keys().contains(key)) {
        thread.execute(() -> w.offer(u));
      }
    }
  }

  @Override
  public Flow.Publisher<ConfigurationUpdate> subscribe(ConfigurationRequest request) {
    return subscriber -> {
      Watch w = new Watch(request, subscriber);
      subscriber.onSubscribe(w);
      try {
        known(request.store());
      } catch (CapaException e) {
        w.done = true;
        subscriber.onError(e);
        return;
      }
      watches.add(w);
    };
  }

  /** Updates held back for lack of demand, over every watch. */
  public int waiting() {
    return watches.stream().mapToInt(w -> w.queue.size()).sum();
  }

  /** Watches open now. */
  public int watches() {
    return watches.size();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  private final class Watch implements Flow.Subscription {
    final ConfigurationRequest request;
    final Flow.Subscriber<? super ConfigurationUpdate> subscriber;
    final Deque<ConfigurationUpdate> queue = new ArrayDeque<>();
    long demand;
    volatile boolean done;

    Watch(ConfigurationRequest request, Flow.Subscriber<? super ConfigurationUpdate> subscriber) {
      this.request = request;
      this.subscriber = subscriber;
    }

    void offer(ConfigurationUpdate u) {
      queue.add(u);
      drain();
    }

    private void drain() {
      while (!done && demand > 0 && !queue.isEmpty()) {
        demand--;
        subscriber.onNext(queue.poll());
      }
    }

    @Override
    public void request(long n) {
      thread.execute(() -> {
        demand += n;
        drain();
      });
    }

    @Override
    public void cancel() {
      done = true;
      watches.remove(this);
    }
  }
}
