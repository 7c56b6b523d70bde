package io.capa.sidecar.internal;

import io.capa.actors.api.ActorRuntime;
import io.capa.actors.api.ActorTurnHandler;
import io.capa.actors.api.ActorType;
import io.capa.actors.api.ActorTypeOptions;
import io.capa.actors.api.TurnScope;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.capnp.rpc.RpcException;
import io.capa.sidecar.protocol.RuntimeProtocol.ActorHost;
import io.capa.sidecar.protocol.internal.Convert;
import io.capa.sidecar.protocol.internal.ProtocolErrors;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: actor types served by applications. The first registration of a type adds it to the
 * actor runtime as a dispatching type whose handler is a {@link Bridge}; the bridge forwards each
 * turn to whichever application host is registered now. The type itself stays registered when its
 * host goes away, so its state and reminders stay; turns fail with {@code
 * ERR_ACTOR_HOST_UNAVAILABLE} until a host registers again.
 */
public final class HostedTypes {
  private static final Logger log = LoggerFactory.getLogger(HostedTypes.class);

  /** One registry per actor runtime: endpoints stopped and started again share its types. */
  private static final Map<ActorRuntime, HostedTypes> BY_RUNTIME = new ConcurrentHashMap<>();

  private final ActorRuntime runtime;
  private final Map<String, Bridge> bridges = new ConcurrentHashMap<>();

  private HostedTypes(ActorRuntime runtime) {
    this.runtime = runtime;
  }

  /** The hosted types of {@code runtime}, created on first use and forgotten when it terminates. */
  public static HostedTypes of(ActorRuntime runtime) {
    return BY_RUNTIME.computeIfAbsent(runtime, r -> {
      r.system().getWhenTerminated().thenRun(() -> BY_RUNTIME.remove(r));
      return new HostedTypes(r);
    });
  }

  /** The types that have a connected host now. */
  public List<String> connected() {
    TreeSet<String> out = new TreeSet<>();
    bridges.forEach((name, b) -> {
      if (b.host.get() != null) {
        out.add(name);
      }
    });
    return List.copyOf(out);
  }

  /**
   * Makes {@code host} the host of {@code type}. Fails when another host is registered for it, or
   * when the type is an in-process type of this runtime.
   *
   * @return a handle whose {@link Host#release()} ends the registration
   */
  public Host register(String type, ActorHost.Client host, ActorTypeOptions options, String origin) {
    Bridge bridge = bridges.computeIfAbsent(type, t -> new Bridge(type));
    Host h = new Host(bridge, host, origin);
    if (!bridge.host.compareAndSet(null, h)) {
      host.close();
      Host other = bridge.host.get();
      throw new CapaException(
          ErrorCode.INVALID_REQUEST,
          "actor type '" + type + "' is already hosted by " + (other == null ? "another application" : other.origin)
              + "; one host per type and runtime");
    }
    if (!bridge.added) {
      synchronized (bridge) {
        if (!bridge.added) {
          boolean added;
          try {
            added = runtime.addType(ActorType.dispatching(type, bridge).withOptions(options));
          } catch (RuntimeException e) {
            bridge.host.set(null);
            host.close();
            throw e;
          }
          if (!added) {
            bridge.host.set(null);
            bridges.remove(type, bridge);
            host.close();
            throw new CapaException(
                ErrorCode.INVALID_REQUEST,
                "actor type '" + type + "' is an in-process type of this runtime and cannot be hosted by an application");
          }
          bridge.added = true;
        }
      }
    }
    log.info("actor type {} is now hosted by {}", type, origin);
    return h;
  }

  /** One registration of a host for a type. */
  public static final class Host {
    private final Bridge bridge;
    private final ActorHost.Client client;
    private final String origin;

    Host(Bridge bridge, ActorHost.Client client, String origin) {
      this.bridge = bridge;
      this.client = client;
      this.origin = origin;
    }

    /** Ends this registration (idempotent); turns in flight on it fail as the connection does. */
    public void release() {
      if (bridge.host.compareAndSet(this, null)) {
        log.info("actor type {} lost its host {}", bridge.type, origin);
        client.close();
      }
    }
  }

  /** The handler of one hosted type in the actor runtime. */
  static final class Bridge implements ActorTurnHandler {
    final String type;
    final AtomicReference<Host> host = new AtomicReference<>();
    volatile boolean added;

    Bridge(String type) {
      this.type = type;
    }

    @Override
    public CompletionStage<byte[]> invoke(TurnScope turn, String method, byte[] payload) {
      return onHost(h -> {
        ActorHost.InvokeResults.Promise p =
            h.client.invoke(params -> {
              params.setActorId(turn.id().id());
              params.setMethod(method);
              params.setPayload(payload);
              params.setTurn(new TurnServer(turn).toClient());
            });
        return cancellable(p.raw(), p.response().thenApply(r -> Convert.bytes(r.getResult())), h);
      });
    }

    @Override
    public CompletionStage<Void> reminder(TurnScope turn, String name, byte[] data) {
      return onHost(h -> {
        ActorHost.ReminderResults.Promise p =
            h.client.reminder(params -> {
              params.setActorId(turn.id().id());
              params.setName(name);
              params.setData(data);
              params.setTurn(new TurnServer(turn).toClient());
            });
        return cancellable(p.raw(), p.response().thenApply(r -> (Void) null), h);
      });
    }

    /** A turn on the current host; without one, a failed stage saying no host is connected. */
    private <T> CompletionStage<T> onHost(java.util.function.Function<Host, CompletionStage<T>> turn) {
      Host h = host.get();
      if (h == null) {
        return CompletableFuture.failedFuture(new CapaException(
            ErrorCode.ACTOR_HOST_UNAVAILABLE,
            "actor type '" + type + "' is hosted by an application, and none is connected to this runtime now"));
      }
      return turn.apply(h);
    }

    @Override
    public void activated(ActorId id) {
      Host h = host.get();
      if (h != null) {
        h.client.activated(p -> p.setActorId(id.id())).response().exceptionally(e -> null);
      }
    }

    @Override
    public void deactivated(ActorId id) {
      Host h = host.get();
      if (h != null) {
        h.client.deactivated(p -> p.setActorId(id.id())).response().exceptionally(e -> null);
      }
    }

    /**
     * The turn's stage: failures carry the host's error code; a lost connection reads as an absent
     * host; cancelling the stage (the turn ran out of time) cancels the call at the application.
     */
    private <T> CompletionStage<T> cancellable(io.capa.capnp.rpc.RemotePromise raw, CompletionStage<T> stage, Host h) {
      CompletableFuture<T> out = new CompletableFuture<>();
      stage.whenComplete((v, e) -> {
        if (e == null) {
          out.complete(v);
        } else {
          out.completeExceptionally(hostFailure(e, h));
        }
      });
      out.whenComplete((v, e) -> {
        if (out.isCancelled()) {
          raw.cancel();
        }
      });
      return out;
    }

    private CapaException hostFailure(Throwable e, Host h) {
      Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
      if (t instanceof RpcException r && r.kind() == RpcException.Kind.DISCONNECTED) {
        return new CapaException(
            ErrorCode.ACTOR_HOST_UNAVAILABLE,
            "the application hosting actor type '" + type + "' (" + h.origin + ") disconnected during the turn: " + r.reason());
      }
      return ProtocolErrors.fromRpc(t, "the host of actor type '" + type + "'");
    }
  }

  static ActorTypeOptions options(long turnTimeoutMillis, long idleTimeoutMillis, boolean reentrant, long maxDepth) {
    ActorTypeOptions o = ActorTypeOptions.defaults();
    if (turnTimeoutMillis > 0) {
      o = o.withTurnTimeout(Duration.ofMillis(turnTimeoutMillis));
    }
    if (idleTimeoutMillis > 0) {
      o = o.withIdleTimeout(Duration.ofMillis(idleTimeoutMillis));
    }
    if (reentrant) {
      o = o.withReentrancy(true, maxDepth > 0 ? (int) maxDepth : 32);
    }
    return o;
  }
}
