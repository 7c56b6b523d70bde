package io.capa.dist.internal;

import io.capa.runtime.spi.HealthCheck;
import io.capa.runtime.spi.HealthStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * INTERNAL API: healthy while this node is an {@code Up} member of its cluster. A node that is
 * joining, leaving or was downed by the split brain resolver cannot host sharded actors, so it must
 * not receive traffic.
 */
public final class ClusterHealthCheck implements HealthCheck {
  private final Cluster cluster;

  public ClusterHealthCheck(ActorSystem<?> system) {
    this.cluster = Cluster.get(system);
  }

  @Override
  public String name() {
    return "cluster";
  }

  @Override
  public CompletionStage<HealthStatus> check() {
    Member self = cluster.selfMember();
    MemberStatus status = self.status();
    HealthStatus result =
        status == MemberStatus.up()
            ? HealthStatus.ok()
            : HealthStatus.unhealthy("self member " + self.address() + " is " + status + ", not Up");
    return CompletableFuture.completedFuture(result);
  }
}
