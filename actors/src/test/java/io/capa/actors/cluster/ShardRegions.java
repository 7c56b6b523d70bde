package io.capa.actors.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/** Asks the shard coordinator which nodes host a region of an actor type. */
final class ShardRegions {
  private static final Duration ASK = Duration.ofSeconds(3);

  private ShardRegions() {}

  /** Regions the coordinator knows for {@code actorType}; 0 when it does not answer in time. */
  static int count(ActorSystem<?> system, String actorType) {
    // The runtime names the entity type of actor type T "capa-actor-T"; only the name is matched.
    EntityTypeKey<Object> key = EntityTypeKey.create(Object.class, "capa-actor-" + actorType);
    try {
      ShardRegion.ClusterShardingStats stats =
          AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery, ShardRegion.ClusterShardingStats>ask(
                  ClusterSharding.get(system).shardState(),
                  r -> new GetClusterShardingStats(key, ASK, r),
                  ASK.plusSeconds(1),
                  system.scheduler())
              .toCompletableFuture()
              .get(ASK.toMillis() + 2_000, TimeUnit.MILLISECONDS);
      return stats.getRegions().size();
    } catch (Exception e) {
      return 0;
    }
  }
}
