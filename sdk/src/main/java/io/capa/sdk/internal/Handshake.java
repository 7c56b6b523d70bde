package io.capa.sdk.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.capnp.rpc.Result;
import io.capa.capnp.rpc.RpcConnection;
import io.capa.capnp.rpc.RpcException;
import io.capa.capnp.rpc.RpcOptions;
import io.capa.capnp.rpc.RpcTransport;
import io.capa.sdk.api.Mode;
import io.capa.sidecar.protocol.RuntimeProtocol;
import io.capa.sidecar.protocol.internal.ProtocolErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: connect, authenticate when a token is set, and negotiate, bounded by the connect
 * timeout. With a token the runtime handle is pipelined on {@code authenticate}, so authenticating
 * and negotiating take one round trip together.
 *
 * <p>A failure is either {@link Unreachable} (nothing answered, or the connection dropped: worth
 * retrying) or a {@link CapaException} with the runtime's refusal (a token problem).
 */
final class Handshake {
  private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);

  /** The runtime could not be reached or dropped the connection during the handshake. */
  static final class Unreachable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreachable(String why) {
      super(why, null, false, false);
    }
  }

  private final ClientSettings settings;
  private final ActorSystem system;
  private final ScheduledExecutorService scheduler;

  Handshake(ClientSettings settings, ActorSystem system, ScheduledExecutorService scheduler) {
    this.settings = settings;
    this.system = system;
    this.scheduler = scheduler;
  }

  /** A negotiated connection, or a failure as described in the class comment. */
  CompletableFuture<Live> run(long generation) {
    CompletableFuture<Live> result = new CompletableFuture<>();
    AtomicReference<RpcConnection> connection = new AtomicReference<>();
    ScheduledFuture<?> timer = scheduler.schedule(() -> {
      if (result.completeExceptionally(new Unreachable("no answer within " + settings.connectTimeout().toMillis()
          + " ms"))) {
        RpcConnection c = connection.get();
        if (c != null) {
          c.close();
        }
      }
    }, settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    result.whenComplete((l, e) -> timer.cancel(false));
    CompletableFuture<RpcConnection> connected;
    try {
      connected = RpcTransport.connect(system, settings.host(), settings.port(), RpcOptions.DEFAULT,
          settings.tls().orElse(null)).toCompletableFuture();
    } catch (RuntimeException e) {
      // An unresolvable host name fails here, before any stage exists.
      result.completeExceptionally(new Unreachable(describe(e)));
      return result;
    }
    connected.whenComplete((conn, error) -> {
      if (error != null) {
        result.completeExceptionally(new Unreachable(describe(error)));
        return;
      }
      connection.set(conn);
      if (result.isDone()) {
        conn.close();
        return;
      }
      negotiate(conn, generation).whenComplete((live, failure) -> {
        if (failure != null) {
          conn.close();
          result.completeExceptionally(unwrap(failure));
        } else if (!result.complete(live)) {
          conn.close();
        }
      });
    });
    return result;
  }

  private CompletableFuture<Live> negotiate(RpcConnection conn, long generation) {
    if (settings.apiToken().isEmpty()) {
      return negotiatePlain(conn, generation, false);
    }
    RuntimeProtocol.Login.Client login = new RuntimeProtocol.Login.Client(conn.bootstrap());
    RuntimeProtocol.Login.AuthenticateResults.Promise auth =
        login.authenticate(p -> p.setToken(settings.apiToken().get()));
    RuntimeProtocol.Runtime.Client runtime = auth.getRuntime();
    CompletableFuture<Live> negotiated = negotiateOn(conn, runtime, generation, true);
    return auth.result().toCompletableFuture().handle((r, e) -> {
      // Dropped once answered, not before: a call queued on a handle must not outlive its import.
      login.close();
      if (e == null) {
        r.close();
        return negotiated;
      }
      negotiated.whenComplete((l, x) -> runtime.close());
      RpcException rpc = rpcCause(e);
      if (rpc != null && rpc.kind() == RpcException.Kind.UNIMPLEMENTED) {
        // The bootstrap is not a Login: this runtime has no token configured.
        LOG.warn("An API token is configured, but the runtime at {} does not ask for one; connecting without it",
            settings.endpoint());
        return negotiatePlain(conn, generation, false);
      }
      return CompletableFuture.<Live>failedFuture(authFailure(e));
    }).thenCompose(f -> f);
  }

  private CompletableFuture<Live> negotiatePlain(RpcConnection conn, long generation, boolean authenticated) {
    return negotiateOn(conn, new RuntimeProtocol.Runtime.Client(conn.bootstrap()), generation, authenticated);
  }

  private CompletableFuture<Live> negotiateOn(
      RpcConnection conn, RuntimeProtocol.Runtime.Client runtime, long generation, boolean authenticated) {
    RuntimeProtocol.Runtime.NegotiateResults.Promise promise = runtime.negotiate(p -> {
      p.setPreferred(wire(settings.preferred()));
      p.setHasFallback(settings.fallback().isPresent());
      p.setFallback(wire(settings.fallback().orElse(settings.preferred())));
      p.setAppId(settings.appId());
      p.setSdkVersion(settings.sdkVersion());
    });
    return promise.result().toCompletableFuture().handle((Result<RuntimeProtocol.Runtime.NegotiateResults.Reader> r,
        Throwable e) -> {
      if (e != null) {
        throw negotiateFailure(e, authenticated);
      }
      try (r) {
        RuntimeProtocol.Offer.Reader o = r.value().getOffer();
        List<Mode> offered = new ArrayList<>();
        for (RuntimeProtocol.Mode m : o.getOffered()) {
          Mode mode = sdk(m);
          if (mode != null) {
            offered.add(mode);
          }
        }
        Negotiation.Offer offer =
            new Negotiation.Offer(sdk(o.getMode()), o.getReason(), offered, o.getRuntimeMode(), o.getRuntimeVersion());
        return new Live(generation, conn, runtime, offer, sdk(o.getMode()), new AtomicBoolean());
      }
    });
  }

  private RuntimeException authFailure(Throwable e) {
    RpcException rpc = rpcCause(e);
    if (rpc == null || rpc.kind() == RpcException.Kind.DISCONNECTED) {
      return new Unreachable(describe(e));
    }
    CapaException c = ProtocolErrors.fromRpc(e, "authenticate");
    if (c.errorCode() == ErrorCode.UNAUTHORIZED) {
      return new CapaException(ErrorCode.UNAUTHORIZED, "the runtime at " + settings.endpoint()
          + " rejected the API token: " + c.getMessage(), c);
    }
    return c;
  }

  private RuntimeException negotiateFailure(Throwable e, boolean authenticated) {
    RpcException rpc = rpcCause(e);
    if (rpc == null || rpc.kind() == RpcException.Kind.DISCONNECTED) {
      return new Unreachable(describe(e));
    }
    CapaException c = ProtocolErrors.fromRpc(e, "negotiate");
    boolean refused = rpc.kind() == RpcException.Kind.UNIMPLEMENTED || c.errorCode() == ErrorCode.UNAUTHORIZED;
    if (refused && !authenticated) {
      // Its bootstrap is a Login (or it refuses the call outright): it has a token configured.
      return new CapaException(ErrorCode.UNAUTHORIZED, "the runtime at " + settings.endpoint()
          + " requires an API token: set " + ClientSettings.ENV_TOKEN + " or CapaClient.builder().apiToken(...) ("
          + rpc.reason() + ")", c);
    }
    return c;
  }

  static RuntimeProtocol.Mode wire(Mode m) {
    return m == Mode.SDK ? RuntimeProtocol.Mode.SDK : RuntimeProtocol.Mode.SIDECAR;
  }

  /** Null for a mode this SDK's schema does not have. */
  static Mode sdk(RuntimeProtocol.Mode m) {
    return switch (m) {
      case SDK -> Mode.SDK;
      case SIDECAR -> Mode.SIDECAR;
      default -> null;
    };
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static RpcException rpcCause(Throwable t) {
    return unwrap(t) instanceof RpcException r ? r : null;
  }

  static String describe(Throwable t) {
    Throwable u = unwrap(t);
    if (u instanceof RpcException r) {
      return r.reason();
    }
    return u.getMessage() == null ? u.getClass().getSimpleName() : u.getMessage();
  }
}
