package io.capa.dist.internal;

import io.capa.bindings.api.InputBindings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * INTERNAL API: runs each once-per-cluster input binding on one member of the cluster through a
 * Pekko cluster singleton per binding name. The singleton actor holds no state and gets no messages:
 * starting it starts the binding on its node ({@link InputBindings#startHere}), stopping it (handover
 * when its node leaves, or the node's shutdown) stops the binding there. Every node creates the
 * singleton manager for every such binding it loads, so whichever member is oldest runs it.
 *
 * <p>A binding changed in the folder is stopped on every node and placed again: the node that holds
 * the singleton starts it anew at once, the others only make sure the manager exists.
 */
final class ClusterPlacement implements InputBindings.Placement {
  private static final String PREFIX = "capa-input-binding-";

  private final ClusterSingleton singletons;
  /** The bindings whose singleton lives on this node now. */
  private final Set<String> here = ConcurrentHashMap.newKeySet();
  private final Map<String, Boolean> managed = new ConcurrentHashMap<>();

  ClusterPlacement(ActorSystem<?> system) {
    this.singletons = ClusterSingleton.get(system);
  }

  /** A cluster singleton for the nodes whose actor provider is the cluster one; without, {@link #HERE}. */
  static InputBindings.Placement of(ActorSystem<?> system) {
    return "cluster".equals(system.settings().config().getString("pekko.actor.provider"))
        ? new ClusterPlacement(system) : HERE;
  }

  @Override
  public void place(InputBindings inputs, String name) {
    if (here.contains(name)) {
      inputs.startHere(name);
    }
    managed.computeIfAbsent(name, n -> {
      singletons.init(SingletonActor.of(binding(inputs, n), PREFIX + URLEncoder.encode(n, StandardCharsets.UTF_8)));
      return Boolean.TRUE;
    });
  }

  private Behavior<Void> binding(InputBindings inputs, String name) {
    return Behaviors.setup(ctx -> {
      here.add(name);
      inputs.startHere(name);
      return Behaviors.receive(Void.class)
          .onSignal(PostStop.class, stopped -> {
            here.remove(name);
            inputs.stop(name);
            return Behaviors.same();
          })
          .build();
    });
  }
}
