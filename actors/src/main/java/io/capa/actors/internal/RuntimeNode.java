package io.capa.actors.internal;

import com.typesafe.config.Config;
import io.capa.actors.api.ActorClient;
import io.capa.actors.api.ActorType;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorService;
import io.capa.runtime.metrics.MetricsRegistry;
import io.capa.runtime.spi.Tracing;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * INTERNAL API: one running node of the actor runtime: its actor system, the sharded entity types,
 * the reminder store, and the services built on them.
 */
public final class RuntimeNode {
  private final ActorSystem<Void> system;
  private final boolean ownsSystem;
  private final MetricsRegistry metrics;
  private final ActorRuntimeSettings settings;
  private final TypeRegistry types = new TypeRegistry();
  private final ActorMetrics actorMetrics;
  private final ClusterSharding sharding;
  private final ActorInvoker invoker;
  private final StoreStatus store;
  private final ReminderService reminders;
  private final ActorService service;
  private final Tracing tracing;

  private RuntimeNode(
      ActorSystem<Void> system, boolean ownsSystem, List<ActorType<?>> actorTypes, MetricsRegistry metrics, Tracing tracing) {
    this.system = system;
    this.tracing = java.util.Objects.requireNonNull(tracing, "tracing");
    this.ownsSystem = ownsSystem;
    this.metrics = metrics;
    this.settings = ActorRuntimeSettings.from(system.settings().config());
    ActorMetrics m = new ActorMetrics(metrics);
    this.actorMetrics = m;
    List<TypeRuntime> initial = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ActorType<?> t : actorTypes) {
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("actor type '" + t.name() + "' is registered twice");
      }
      initial.add(new TypeRuntime(t, settings, m));
    }
    this.sharding = ClusterSharding.get(system);
    this.store = new StoreStatus(system, settings.journalPluginId());
    this.invoker = new ActorInvoker(sharding, types, settings, store);
    this.reminders =
        new ReminderService(
            system, sharding, settings, invoker, m, metrics);
    for (TypeRuntime t : initial) {
      initSharding(t);
      types.add(t);
    }
    reminders.start();
    this.service = new ActorServiceImpl(invoker, reminders, types, settings);
  }

  private void initSharding(TypeRuntime t) {
    EntityDeps deps = new EntityDeps(t, invoker, reminders, settings, store, tracing);
    ClusterShardingSettings base = ClusterShardingSettings.create(system);
    ClusterShardingSettings ss =
        base.withPassivationStrategy(base.passivationStrategySettings().withIdleEntityPassivation(t.idleTimeout));
    sharding.init(
        Entity.of(t.key, ec -> ActorEntity.create(deps, ec.getEntityId()))
            .withStopMessage(ActorCommand.Passivate.INSTANCE)
            .withSettings(ss));
  }

  /**
   * Registers a type on the running node: its entities can live here from now on. Returns false,
   * changing nothing, when a type of that name is registered already. The type becomes callable
   * only once its sharding region exists, so no call reaches a type without one.
   */
  public boolean addType(ActorType<?> type) {
    java.util.Objects.requireNonNull(type, "type");
    synchronized (types) {
      if (types.contains(type.name())) {
        return false;
      }
      TypeRuntime t = new TypeRuntime(type, settings, actorMetrics);
      initSharding(t);
      return types.add(t);
    }
  }

  /** Starts a node with a system of its own, built from {@code config} (see {@link NodeConfig}). */
  public static CompletionStage<RuntimeNode> start(Config config, List<ActorType<?>> actorTypes, MetricsRegistry metrics) {
    return start(config, actorTypes, metrics, Tracing.NOOP);
  }

  /** As {@link #start(Config, List, MetricsRegistry)}, reporting a span per actor turn to {@code tracing}. */
  public static CompletionStage<RuntimeNode> start(
      Config config, List<ActorType<?>> actorTypes, MetricsRegistry metrics, Tracing tracing) {
    Config full = NodeConfig.build(config);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), NodeConfig.SYSTEM_NAME, full);
    try {
      RuntimeNode node = new RuntimeNode(system, true, actorTypes, metrics, tracing);
      return node.joinCluster().thenApply(d -> node);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  /** Runs on a cluster-enabled system the caller owns; the caller also forms or joins the cluster. */
  public static RuntimeNode attach(ActorSystem<Void> system, List<ActorType<?>> actorTypes, MetricsRegistry metrics) {
    return new RuntimeNode(system, false, actorTypes, metrics, Tracing.NOOP);
  }

  private CompletionStage<Done> joinCluster() {
    Cluster cluster = Cluster.get(system);
    if (system.settings().config().getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
    CompletableFuture<Done> up = new CompletableFuture<>();
    org.apache.pekko.cluster.Cluster.get(system).registerOnMemberUp(() -> up.complete(Done.getInstance()));
    return up.orTimeout(60, TimeUnit.SECONDS);
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public MetricsRegistry metrics() {
    return metrics;
  }

  public ActorService service() {
    return service;
  }

  public Tracing tracing() {
    return tracing;
  }

  /** Whether the actor state store is reachable, as this node last saw it. */
  public io.capa.actors.api.PersistenceStatus persistenceStatus() {
    return store.current();
  }

  public List<String> typeNames() {
    return List.copyOf(types.names());
  }

  /** A client for calls from outside any actor turn. */
  public ActorClient client() {
    return new ActorClient() {
      @Override
      public CompletionStage<byte[]> invoke(ActorId actor, String method, byte[] payload, Duration timeout) {
        return invoker.invoke(actor, method, payload, timeout, null, Map.of());
      }

      @Override
      public <T> CompletionStage<T> call(ActorId actor, String method, Object argument, Type resultType) {
        return invoker.call(actor, method, argument, resultType, null, Map.of());
      }

      @Override
      public <T> T proxy(Class<T> actorInterface, ActorId actor) {
        return ActorProxies.create(actorInterface, actor, (a, m, arg, rt) -> invoker.<Object>call(a, m, arg, rt, null, Map.of()));
      }
    };
  }

  public CompletionStage<Done> stop() {
    store.stop();
    if (!ownsSystem) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    system.terminate();
    return system.getWhenTerminated().thenApply(d -> Done.getInstance());
  }

}
