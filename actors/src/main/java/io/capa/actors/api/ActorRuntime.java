package io.capa.actors.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.capa.actors.internal.NodeConfig;
import io.capa.actors.internal.RuntimeNode;
import io.capa.actors.spi.ActorTypeProvider;
import io.capa.api.actors.ActorService;
import io.capa.runtime.metrics.MetricsRegistry;
import io.capa.runtime.spi.Tracing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The virtual-actor runtime of one node.
 *
 * <pre>{@code
 * try (ActorRuntime runtime = ActorRuntime.builder()
 *         .register(ActorType.of("Counter", Counter.class, Counter::new))
 *         .start()) {
 *   CounterApi c = runtime.client().proxy(CounterApi.class, new ActorId("Counter", "c1"));
 *   c.increment(5L);
 * }
 * }</pre>
 *
 * <p>Every (type, id) is an entity of Pekko cluster sharding: it is activated by its first message
 * anywhere in the cluster, lives on exactly one node at a time, and is passivated when idle. Its state
 * is event-sourced through the configured persistence plugin, one event per successful turn. A node
 * with no seed nodes configured forms a single-node cluster of its own.
 */
public final class ActorRuntime implements AutoCloseable {
  private final RuntimeNode node;

  private ActorRuntime(RuntimeNode node) {
    this.node = node;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Calls actors from outside any turn. */
  public ActorClient client() {
    return node.client();
  }

  /** The raw actor service of the portable API, as the HTTP and RPC endpoints use it. */
  public ActorService service() {
    return node.service();
  }

  public MetricsRegistry metrics() {
    return node.metrics();
  }

  /** Where this runtime reports its spans ({@link Builder#tracing}); endpoints over it report theirs there too. */
  public Tracing tracing() {
    return node.tracing();
  }

  /**
   * Whether the store holding actor state is reachable from this node, as last observed. While it is
   * not, calls fail at once with {@code ERR_PERSISTENCE_UNAVAILABLE}, and the runtime probes the store
   * until it answers, with no restart needed.
   */
  public PersistenceStatus persistenceStatus() {
    return node.persistenceStatus();
  }

  public List<String> actorTypes() {
    return node.typeNames();
  }

  /**
   * Registers an actor type while the node runs, for instance one served by an application that
   * connected after the start ({@link ActorType#dispatching}). Its actors can be called, and live on
   * this node, from the moment this returns; other nodes host them only if they register the type
   * too.
   *
   * @return false, with nothing changed, when a type of that name is registered already
   */
  public boolean addType(ActorType<?> type) {
    return node.addType(type);
  }

  /** The node's actor system, for code that extends the runtime with Pekko directly. */
  public org.apache.pekko.actor.typed.ActorSystem<Void> system() {
    return node.system();
  }

  /** Leaves the cluster and stops the node; actors hand over to other nodes. */
  public CompletionStage<Void> stop() {
    return node.stop().thenApply(d -> null);
  }

  @Override
  public void close() {
    try {
      stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the actor runtime did not stop within 60 s", e);
    }
  }

  /** Collects actor types and settings, then starts the node. */
  public static final class Builder {
    private final List<ActorType<?>> types = new ArrayList<>();
    private final Map<String, Object> overrides = new HashMap<>();
    private Config config;
    private MetricsRegistry metrics;
    private Tracing tracing = Tracing.NOOP;

    private Builder() {}

    public Builder register(ActorType<?> type) {
      types.add(type);
      return this;
    }

    /** Registers every type offered by {@link ActorTypeProvider}s on the class path. */
    public Builder registerDiscovered() {
      for (ActorTypeProvider p : ServiceLoader.load(ActorTypeProvider.class)) {
        types.addAll(p.actorTypes());
      }
      return this;
    }

    /** The full configuration, for instance from the runtime's YAML loader; defaults otherwise. */
    public Builder config(Config c) {
      this.config = c;
      return this;
    }

    /** One setting by its HOCON path, e.g. {@code capa.persistence.backend} = {@code "postgres"}. */
    public Builder setting(String path, Object value) {
      overrides.put(path, value instanceof Duration d ? d.toMillis() + "ms" : value);
      return this;
    }

    public Builder metrics(MetricsRegistry registry) {
      this.metrics = registry;
      return this;
    }

    /**
     * Reports a span per actor turn, a child of the caller's span when the call carries a trace
     * context ({@code ActorInvocation.metadata()}); calls made from a turn carry the turn's.
     */
    public Builder tracing(Tracing t) {
      this.tracing = java.util.Objects.requireNonNull(t, "tracing");
      return this;
    }

    /** Starts the node and waits until it is a member of its cluster. */
    public ActorRuntime start() {
      try {
        return startAsync().toCompletableFuture().join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }

    public CompletionStage<ActorRuntime> startAsync() {
      Config base = config != null ? config : ConfigFactory.load();
      Config full = NodeConfig.withOverrides(base, overrides);
      MetricsRegistry m = metrics != null ? metrics : new MetricsRegistry();
      return RuntimeNode.start(full, List.copyOf(types), m, tracing).thenApply(ActorRuntime::new);
    }
  }
}
