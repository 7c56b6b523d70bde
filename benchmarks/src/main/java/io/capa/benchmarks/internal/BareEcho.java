package io.capa.benchmarks.internal;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The peer of {@link Echo}: a trivial typed entity on bare Pekko cluster sharding, called the way
 * Pekko's documentation shows, with the Java {@code EntityRef.ask}.
 */
public final class BareEcho {
  public record Ping(byte[] payload, ActorRef<byte[]> replyTo) {}

  public static final EntityTypeKey<Ping> KEY = EntityTypeKey.create(Ping.class, "bench-bare-echo");

  private final ClusterSharding sharding;
  private final Duration timeout;

  private BareEcho(ClusterSharding sharding, Duration timeout) {
    this.sharding = sharding;
    this.timeout = timeout;
  }

  /** Registers the entity type on {@code system}'s sharding (the system must be a cluster member). */
  public static BareEcho init(ActorSystem<?> system, Duration timeout) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(KEY, ctx -> behavior()));
    return new BareEcho(sharding, timeout);
  }

  private static Behavior<Ping> behavior() {
    return Behaviors.receiveMessage(
        p -> {
          p.replyTo().tell(p.payload());
          return Behaviors.same();
        });
  }

  public CompletionStage<byte[]> ping(String id, byte[] payload) {
    return sharding.entityRefFor(KEY, id).ask(r -> new Ping(payload, r), timeout);
  }
}
