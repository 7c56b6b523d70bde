package io.capa.actors.internal;

import io.capa.actors.api.ActorTurnHandler;
import io.capa.actors.api.ActorType;
import io.capa.actors.api.Codec;
import io.capa.runtime.metrics.Counter;
import io.capa.runtime.metrics.Gauge;
import io.capa.runtime.metrics.Histogram;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/** INTERNAL API: one registered actor type with its options resolved and its metric children cached. */
final class TypeRuntime {
  final String name;
  final ActorType<?> type;
  final EntityTypeKey<ActorCommand> key;
  final MethodTable methods;
  /** The handler that runs the turns of this type, or null for a type of Java actor classes. */
  final ActorTurnHandler handler;
  final Codec codec;
  final Duration idleTimeout;
  final boolean reentrant;
  final int maxReentrancyDepth;
  final Duration turnTimeout;
  final int maxQueuedPerActor;
  final Gauge.Child active;
  final Histogram.Child invocationLatency;
  final Histogram.Child persistLatency;
  final Counter.Child turnErrors;
  private final Counter invocations;
  private final int maxMethodLabels;
  /**
   * Recently used entity refs, direct-mapped by id hash. Building a ref URL-encodes the id and
   * allocates several objects, a visible share of a call; a racy slot overwrite only costs a
   * rebuild, and refs are immutable, so no locking is needed.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private final EntityRef<ActorCommand>[] refs = new EntityRef[REF_SLOTS];

  private static final int REF_SLOTS = 4096;
  private final Map<String, Counter.Child> invocationsByMethod = new ConcurrentHashMap<>();

  TypeRuntime(ActorType<?> type, ActorRuntimeSettings settings, ActorMetrics metrics) {
    this.name = type.name();
    this.type = type;
    this.key = EntityTypeKey.create(ActorCommand.class, "capa-actor-" + name);
    this.handler = type.factory() instanceof DispatchingActor.Factory f ? f.handler() : null;
    this.methods = handler != null ? MethodTable.open(name) : new MethodTable(name, type.actorClass());
    this.maxMethodLabels = settings.maxMethodLabels();
    var o = type.options();
    this.codec = o.codec() != null ? o.codec() : Codec.json();
    this.idleTimeout = o.idleTimeout() != null ? o.idleTimeout() : settings.idleTimeout();
    this.reentrant = o.reentrant() != null ? o.reentrant() : settings.reentrancyEnabled();
    this.maxReentrancyDepth =
        o.maxReentrancyDepth() != null ? o.maxReentrancyDepth() : settings.maxReentrancyDepth();
    this.turnTimeout = o.turnTimeout() != null ? o.turnTimeout() : settings.turnTimeout();
    this.maxQueuedPerActor = settings.maxQueuedPerActor();
    this.active = metrics.active.labels(name);
    this.invocationLatency = metrics.invocationLatency.labels(name);
    this.persistLatency = metrics.persistLatency.labels(name);
    this.turnErrors = metrics.turnErrors.labels(name);
    this.invocations = metrics.invocations;
  }

  EntityRef<ActorCommand> ref(ClusterSharding sharding, String entityId) {
    int slot = entityId.hashCode() & (REF_SLOTS - 1);
    EntityRef<ActorCommand> r = refs[slot];
    if (r == null || !r.getEntityId().equals(entityId)) {
      r = sharding.entityRefFor(key, entityId);
      refs[slot] = r;
    }
    return r;
  }

  Counter.Child invocations(String method) {
    Counter.Child c = invocationsByMethod.get(method);
    if (c != null) {
      return c;
    }
    // Any name reaches a handler-served type, so its label set is bounded; a racy size check can
    // overshoot by a few labels only.
    if (methods.isOpen() && invocationsByMethod.size() >= maxMethodLabels) {
      return invocationsByMethod.computeIfAbsent(OTHER_METHODS, m -> invocations.labels(name, m));
    }
    return invocationsByMethod.computeIfAbsent(method, m -> invocations.labels(name, m));
  }

  /** The method label counting calls past {@code max-method-labels} distinct names. */
  static final String OTHER_METHODS = "_other";
}
