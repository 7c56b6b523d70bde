package io.capa.sidecar.api;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.invocation.InvocationHandler;
import io.capa.api.invocation.InvocationService;
import io.capa.api.invocation.InvokeRequest;
import io.capa.api.invocation.InvokeResponse;
import io.capa.sidecar.internal.AppRouting;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Service invocation between applications: the applications connected to this runtime, and the
 * way to the ones connected elsewhere in the cluster.
 *
 * <p>An application registers a handler for its app id (over RPC, {@code Runtime.registerApp}).
 * A call for an app id goes to a connection on this node when there is one, otherwise to a node
 * where that app id is connected, found through the cluster's receptionist; with none anywhere it
 * fails with {@code ERR_APP_NOT_FOUND}.
 */
public final class Applications implements InvocationService {
  private final AppRouting routing;

  private Applications(AppRouting routing) {
    this.routing = routing;
  }

  public static Applications create(ActorSystem<?> system) {
    Duration timeout = system.settings().config().getDuration("capa.invocation.app-call-timeout");
    return new Applications(new AppRouting(system, timeout));
  }

  /** Serves {@code appId} with {@code handler} until the returned handle is closed. */
  public AutoCloseable register(String appId, InvocationHandler handler, String origin) {
    if (appId == null || appId.isBlank() || appId.contains("/")) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, "app id must be non-empty and free of '/': '" + appId + "'");
    }
    return routing.register(appId, handler, origin);
  }

  /** App ids with at least one connection on this node. */
  public List<String> connected() {
    return routing.localAppIds();
  }

  @Override
  public CompletionStage<InvokeResponse> invoke(InvokeRequest request) {
    return routing.invoke(request);
  }
}
