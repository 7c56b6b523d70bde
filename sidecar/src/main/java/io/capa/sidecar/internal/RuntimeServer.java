package io.capa.sidecar.internal;

import io.capa.actors.api.ActorRuntime;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import java.time.Duration;
import io.capa.api.invocation.InvocationHandler;
import io.capa.api.invocation.InvokeRequest;
import io.capa.capnp.rpc.CallContext;
import io.capa.sidecar.api.Applications;
import io.capa.sidecar.protocol.RuntimeProtocol.ActorHost;
import io.capa.sidecar.protocol.RuntimeProtocol.AppHandler;
import io.capa.sidecar.protocol.RuntimeProtocol.Registration;
import io.capa.sidecar.protocol.RuntimeProtocol.Runtime;
import io.capa.sidecar.protocol.internal.Convert;
import io.capa.sidecar.protocol.internal.PubSubConvert;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: the {@code Runtime} capability of one application connection. What the connection
 * registers (hosted actor types, app handlers) lives as long as its registration capability or the
 * connection, whichever ends first: {@link #released()} runs when the connection ends.
 */
public final class RuntimeServer extends Runtime.Server {
  private static final Logger log = LoggerFactory.getLogger(RuntimeServer.class);
  private static final AtomicLong CONNECTIONS = new AtomicLong();

  private final SidecarContext ctx;
  private final String origin;
  private final List<AutoCloseable> registrations = new CopyOnWriteArrayList<>();

  private final BlockCalls blocks;

  public RuntimeServer(SidecarContext ctx) {
    this.ctx = ctx;
    this.origin = "connection #" + CONNECTIONS.incrementAndGet();
    this.blocks = new BlockCalls(ctx.blocks(), ctx.admission(), ctx.settings().callTimeout());
  }

  @Override
  protected CompletionStage<?> negotiate(CallContext call, Runtime.NegotiateParams.Reader params, Supplier<Runtime.NegotiateResults.Builder> results) {
    RpcSettings s = ctx.settings();
    Negotiation.Decision d =
        Negotiation.decide(s.mode(), s.directConnection(), params.getPreferred(), params.getFallback(), params.getHasFallback());
    var offer = results.get().initOffer();
    offer.setMode(d.mode());
    offer.setReason(d.reason());
    offer.setOffered(d.offered());
    offer.setRuntimeMode(s.mode());
    offer.setDirectConnection(s.directConnection());
    offer.setSdkEndpoints(s.sdkEndpoints());
    offer.setRuntimeVersion(SidecarContext.VERSION);
    log.info("{} (app '{}') negotiated mode {}: {}", origin, params.getAppId(), d.mode(), d.reason());
    return CompletableFuture.completedFuture(null);
  }

  @Override
  protected CompletionStage<?> metadata(CallContext call, Runtime.MetadataParams.Reader params, Supplier<Runtime.MetadataResults.Builder> results) {
    return ctx.runtime().service().actorTypes().thenAccept(types -> {
      var m = results.get().initMetadata();
      m.setAppId(ctx.settings().appId());
      m.setRuntimeVersion(SidecarContext.VERSION);
      m.setMode(ctx.settings().mode());
      var out = m.initActorTypes(types.size());
      for (int i = 0; i < types.size(); i++) {
        out.get(i).setType(types.get(i).type());
        out.get(i).setActiveCount(types.get(i).activeCount());
      }
      m.setHostedActorTypes(ctx.hosted().connected());
      m.setConnectedApps(ctx.applications().connected());
    });
  }

  @Override
  protected CompletionStage<?> actor(CallContext call, Runtime.ActorParams.Reader params, Supplier<Runtime.ActorResults.Builder> results) {
    ActorId id = new ActorId(params.getType(), params.getId());
    results.get().setActor(new ActorRefServer(
        id, ctx.runtime().service(), ctx.admission(), ctx.settings().callTimeout(), ctx.runtime().tracing()).toClient());
    return CompletableFuture.completedFuture(null);
  }

  @Override
  protected CompletionStage<?> hostActors(CallContext call, Runtime.HostActorsParams.Reader params, Supplier<Runtime.HostActorsResults.Builder> results) {
    String type = params.getType();
    if (type.isBlank() || type.contains("/")) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, "actor type must be non-empty and free of '/': '" + type + "'");
    }
    if (!params.hasHost()) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, "hostActors needs a host capability");
    }
    var o = params.getOptions();
    ActorHost.Client host = params.getHost().dup();
    HostedTypes.Host h =
        ctx.hosted().register(
            type,
            host,
            HostedTypes.options(o.getTurnTimeoutMillis(), o.getIdleTimeoutMillis(), o.getReentrant(), o.getMaxReentrancyDepth()),
            origin);
    results.get().setRegistration(registration(h::release));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  protected CompletionStage<?> invoke(CallContext call, Runtime.InvokeParams.Reader params, Supplier<Runtime.InvokeResults.Builder> results) {
    InvokeRequest received = Convert.invokeRequest(params.getRequest());
    Applications apps = ctx.applications();
    var budget = received.timeout() != null ? received.timeout() : ctx.settings().appCallTimeout();
    return Calls.answer(RpcSpans.traced(ctx.runtime().tracing(), "Runtime.invoke", received.metadata(), metadata -> {
      InvokeRequest request = metadata == received.metadata() ? received : new InvokeRequest(received.appId(),
          received.method(), received.data(), received.contentType(), received.httpVerb(), received.query(), metadata,
          received.timeout());
      return ctx.admission()
          .admit("app/" + request.appId(), budget, () -> apps.invoke(request))
          .thenAccept(r -> Convert.invokeResponse(r, results.get().initResponse()));
    }));
  }

  @Override
  protected CompletionStage<?> registerApp(CallContext call, Runtime.RegisterAppParams.Reader params, Supplier<Runtime.RegisterAppResults.Builder> results) {
    if (!params.hasHandler()) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, "registerApp needs a handler capability");
    }
    AppHandler.Client handler = params.getHandler().dup();
    InvocationHandler local =
        request -> {
          AppHandler.HandleResults.Promise sent = handler.handle(p -> Convert.invokeRequest(request, p.initRequest()));
          CompletionStage<io.capa.api.invocation.InvokeResponse> out =
              Calls.mapped(sent.response(), r -> Convert.invokeResponse(r.getResponse()), "application '" + request.appId() + "'");
          // A caller that stopped waiting (its timeout) cancels the call at the application too.
          out.whenComplete((r, e) -> {
            if (e != null) {
              sent.cancel();
            }
          });
          return out;
        };
    AutoCloseable reg;
    try {
      reg = ctx.applications().register(params.getAppId(), local, origin);
    } catch (RuntimeException e) {
      handler.close();
      throw e;
    }
    results.get().setRegistration(registration(() -> {
      try {
        reg.close();
      } catch (Exception e) {
        log.warn("closing the registration of {} failed", params.getAppId(), e);
      }
      handler.close();
    }));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  protected CompletionStage<?> shutdown(CallContext call, Runtime.ShutdownParams.Reader params, Supplier<Runtime.ShutdownResults.Builder> results) {
    log.info("{} asked the runtime to shut down", origin);
    ctx.shutdown();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  protected CompletionStage<?> ping(CallContext call, Runtime.PingParams.Reader params, Supplier<Runtime.PingResults.Builder> results) {
    results.get().setVersion(SidecarContext.VERSION);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  protected CompletionStage<?> invokeActor(CallContext call, Runtime.InvokeActorParams.Reader params, Supplier<Runtime.InvokeActorResults.Builder> results) {
    ActorId id = new ActorId(params.getType(), params.getId());
    Duration timeout = Convert.millis(params.getTimeoutMillis());
    String method = params.getMethod();
    byte[] payload = Convert.bytes(params.getPayload());
    Duration budget = timeout != null ? timeout : ctx.settings().callTimeout();
    // The metadata carries the caller's trace context: this hop's span, then the turn, continue it.
    return Calls.answer(RpcSpans.traced(ctx.runtime().tracing(), "Runtime.invokeActor", Convert.entries(params.getMetadata()),
        metadata -> {
          ActorInvocation inv = new ActorInvocation(id, method, payload, timeout, metadata);
          return ctx.admission()
              .admit(ActorRefServer.target(id), budget, () -> ctx.runtime().service().invoke(inv))
              .thenAccept(r -> results.get().setResult(r));
        }));
  }

  // ---- building blocks: see BlockCalls

  @Override
  protected CompletionStage<?> getState(CallContext call, Runtime.GetStateParams.Reader params, Supplier<Runtime.GetStateResults.Builder> results) {
    return blocks.getState(params, results);
  }

  @Override
  protected CompletionStage<?> getBulkState(CallContext call, Runtime.GetBulkStateParams.Reader params, Supplier<Runtime.GetBulkStateResults.Builder> results) {
    return blocks.getBulkState(params, results);
  }

  @Override
  protected CompletionStage<?> saveState(CallContext call, Runtime.SaveStateParams.Reader params, Supplier<Runtime.SaveStateResults.Builder> results) {
    return blocks.saveState(params);
  }

  @Override
  protected CompletionStage<?> deleteState(CallContext call, Runtime.DeleteStateParams.Reader params, Supplier<Runtime.DeleteStateResults.Builder> results) {
    return blocks.deleteState(params);
  }

  @Override
  protected CompletionStage<?> transactState(CallContext call, Runtime.TransactStateParams.Reader params, Supplier<Runtime.TransactStateResults.Builder> results) {
    return blocks.transactState(params);
  }

  @Override
  protected CompletionStage<?> publish(CallContext call, Runtime.PublishParams.Reader params, Supplier<Runtime.PublishResults.Builder> results) {
    return blocks.publish(params, results);
  }

  @Override
  protected CompletionStage<?> bulkPublish(CallContext call, Runtime.BulkPublishParams.Reader params, Supplier<Runtime.BulkPublishResults.Builder> results) {
    return blocks.bulkPublish(params, results);
  }

  @Override
  protected CompletionStage<?> getSecret(CallContext call, Runtime.GetSecretParams.Reader params, Supplier<Runtime.GetSecretResults.Builder> results) {
    return blocks.getSecret(params, results);
  }

  @Override
  protected CompletionStage<?> bulkGetSecrets(CallContext call, Runtime.BulkGetSecretsParams.Reader params, Supplier<Runtime.BulkGetSecretsResults.Builder> results) {
    return blocks.bulkGetSecrets(params, results);
  }

  @Override
  protected CompletionStage<?> tryLock(CallContext call, Runtime.TryLockParams.Reader params, Supplier<Runtime.TryLockResults.Builder> results) {
    return blocks.tryLock(params, results);
  }

  @Override
  protected CompletionStage<?> unlock(CallContext call, Runtime.UnlockParams.Reader params, Supplier<Runtime.UnlockResults.Builder> results) {
    return blocks.unlock(params, results);
  }

  @Override
  protected CompletionStage<?> extendLock(CallContext call, Runtime.ExtendLockParams.Reader params, Supplier<Runtime.ExtendLockResults.Builder> results) {
    return blocks.extendLock(params, results);
  }

  @Override
  protected CompletionStage<?> nextId(CallContext call, Runtime.NextIdParams.Reader params, Supplier<Runtime.NextIdResults.Builder> results) {
    return blocks.nextId(params, results);
  }

  @Override
  protected CompletionStage<?> invokeBinding(CallContext call, Runtime.InvokeBindingParams.Reader params, Supplier<Runtime.InvokeBindingResults.Builder> results) {
    return blocks.invokeBinding(params, results);
  }

  @Override
  protected CompletionStage<?> subscribe(CallContext call, Runtime.SubscribeParams.Reader params, Supplier<Runtime.SubscribeResults.Builder> results) {
    var pubSub = BlockCalls.require(ctx.blocks().pubSub(), "pub/sub");
    var subscription = PubSubConvert.subscription(params.getSubscription());
    if (!params.hasSubscriber()) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, "subscribe needs a subscriber capability");
    }
    int max = ctx.settings().maxUnansweredDeliveries();
    long asked = params.getMaxUnanswered();
    int window = asked == 0 ? max : (int) Math.min(asked, max);
    String what = origin + "'s subscription to " + subscription.pubsubName() + "/" + subscription.topic();
    SubscriptionPump pump = new SubscriptionPump(params.getSubscriber().dup(), window, what);
    try {
      pubSub.subscribe(subscription).subscribe(pump);
    } catch (RuntimeException e) {
      pump.close();
      throw e;
    }
    Throwable failed = pump.started();
    if (failed != null) {
      // An unknown pub/sub, a topic the app may not use: the subscribe call itself fails.
      return CompletableFuture.failedFuture(failed);
    }
    results.get().setRegistration(registration(pump::close));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<?> dispatch(CallContext call) {
    return Calls.guarded(() -> super.dispatch(call));
  }

  /** The connection ended: everything it registered goes with it. */
  @Override
  public void released() {
    for (AutoCloseable r : registrations) {
      close(r);
    }
    registrations.clear();
  }

  private Registration.Client registration(Runnable onClose) {
    RegistrationServer server = new RegistrationServer(onClose);
    registrations.add(server);
    return server.toClient();
  }

  private static void close(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      log.warn("releasing a registration failed", e);
    }
  }
}
