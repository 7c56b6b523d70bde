package io.capa.sdk.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorService;
import io.capa.api.bindings.BindingService;
import io.capa.api.configuration.ConfigurationService;
import io.capa.api.database.DatabaseService;
import io.capa.api.files.FileService;
import io.capa.api.invocation.InvocationHandler;
import io.capa.api.invocation.InvocationService;
import io.capa.api.lock.LockService;
import io.capa.api.pubsub.PubSubService;
import io.capa.api.schedules.ScheduleService;
import io.capa.api.secrets.SecretService;
import io.capa.api.sequencer.SequencerService;
import io.capa.api.state.StateService;
import io.capa.api.telemetry.TelemetryService;
import io.capa.sdk.api.CapaClient;
import io.capa.sdk.api.HostOptions;
import io.capa.sdk.api.HostedActor;
import io.capa.sdk.api.Mode;
import io.capa.sdk.api.ModeDecision;
import io.capa.sdk.api.Registration;
import io.capa.sidecar.protocol.RuntimeProtocol;
import io.capa.sidecar.protocol.internal.Convert;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: the {@link CapaClient} of the Java SDK. It owns a small Pekko actor system for the
 * RPC transport, a scheduler thread (timeouts, reconnection), callback threads (so application
 * code never runs on the connection's thread) and, unless given one, a pool for hosted actors and
 * app handlers.
 */
public final class DefaultCapaClient implements CapaClient {
  private static final Logger LOG = LoggerFactory.getLogger(CapaClient.class);
  private static final AtomicInteger CLIENTS = new AtomicInteger();
  /** How long close() waits for the transport's actor system to stop. */
  private static final Duration SYSTEM_STOP_WAIT = Duration.ofSeconds(10);

  private final ClientSettings settings;
  private final Resources resources;
  private final RuntimeLink link;
  private final ModeDecision decision;
  private final ActorService actors;
  private final InvocationService invocation;
  private final StateService state;
  private final PubSubService pubSub;
  private final BindingService bindings;
  private final ConfigurationService configuration;
  private final SecretService secrets;
  private final LockService locks;
  private final SequencerService sequencer;
  private final FileService files;
  private final DatabaseService database;
  private final ScheduleService schedules;
  private final TelemetryService telemetry;

  private final BlockSet blocks;

  private DefaultCapaClient(
      ClientSettings settings,
      Resources resources,
      RuntimeLink link,
      ModeDecision decision,
      BlockSet blocks,
      TraceInjection trace) {
    this.settings = settings;
    this.resources = resources;
    this.link = link;
    this.decision = decision;
    this.actors = new RpcActorService(link, trace);
    this.invocation = new RpcInvocationService(link, trace);
    this.blocks = blocks;
    this.state = blocks.state();
    this.pubSub = blocks.pubSub();
    this.bindings = blocks.bindings();
    this.secrets = blocks.secrets();
    this.locks = blocks.locks();
    this.sequencer = blocks.sequencer();
    String why = "neither the sidecar protocol nor SDK mode carries it in this version";
    this.configuration = Unavailable.service(ConfigurationService.class, "configuration", why);
    this.files = Unavailable.service(FileService.class, "files", why);
    this.database = Unavailable.service(DatabaseService.class, "database", why);
    this.schedules = Unavailable.service(ScheduleService.class, "schedules", why);
    this.telemetry = Unavailable.service(TelemetryService.class, "telemetry", why);
  }

  /** Threads and the actor system of one client, closed together. */
  private record Resources(
      ActorSystem system,
      ScheduledExecutorService scheduler,
      ExecutorService callbacks,
      Executor handlers,
      ExecutorService ownHandlers) {
    void close() {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(SYSTEM_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("The SDK's actor system did not stop within {} ms: {}", SYSTEM_STOP_WAIT.toMillis(), e.toString());
      }
      scheduler.shutdownNow();
      callbacks.shutdown();
      if (ownHandlers != null) {
        ownHandlers.shutdown();
      }
    }
  }

  /** As {@link #start(ClientSettings, Optional)} without a components folder. */
  public static CapaClient start(ClientSettings settings) {
    return start(settings, Optional.empty(), null);
  }

  /**
   * Connects, negotiates and decides the mode; see the README's negotiation table. In SDK mode the
   * building blocks are served in process from {@code components} (see {@link BlockSet}).
   * {@code traceContext}, when not null, gives the application's current trace context for the
   * metadata of each actor call and service invocation.
   */
  public static CapaClient start(
      ClientSettings settings, Optional<Path> components, Supplier<Map<String, String>> traceContext) {
    TraceInjection trace = traceContext == null ? TraceInjection.NONE : new TraceInjection(traceContext);
    int n = CLIENTS.incrementAndGet();
    String name = "capa-sdk-" + n;
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemon(name + "-scheduler"));
    scheduler.setRemoveOnCancelPolicy(true);
    ExecutorService callbacks = Executors.newFixedThreadPool(settings.callbackThreads(), daemon(name + "-callback"));
    ExecutorService ownHandlers = settings.executor().isPresent()
        ? null
        : Executors.newFixedThreadPool(settings.handlerThreads(), daemon(name + "-handler"));
    Executor handlers = settings.executor().orElse(ownHandlers);
    ActorSystem system;
    try {
      system = ActorSystem.create(name, settings.actorSystemConfig());
    } catch (RuntimeException e) {
      scheduler.shutdownNow();
      callbacks.shutdown();
      if (ownHandlers != null) {
        ownHandlers.shutdown();
      }
      throw e;
    }
    Resources resources = new Resources(system, scheduler, callbacks, handlers, ownHandlers);
    try {
      Handshake handshake = new Handshake(settings, system, scheduler);
      RuntimeLink link = new RuntimeLink(settings, handshake, scheduler, callbacks);
      Live first = null;
      String failure = null;
      try {
        first = handshake.run(link.nextGeneration()).get();
      } catch (ExecutionException e) {
        Throwable cause = Handshake.unwrap(e);
        if (!(cause instanceof Handshake.Unreachable)) {
          throw cause instanceof CapaException c ? c
              : new CapaException(ErrorCode.INTERNAL, "connecting to the runtime at " + settings.endpoint() + ": "
                  + cause, cause);
        }
        failure = cause.getMessage();
      }
      ModeDecision decision;
      if (first != null) {
        try {
          decision = Negotiation.fromOffer(settings.preferred(), settings.fallback(), first.answeredMode(),
              first.offer(), settings.endpoint(), Instant.now());
        } catch (CapaException e) {
          first.close();
          throw e;
        }
      } else {
        decision = Negotiation.unreachable(settings.preferred(), settings.fallback(), settings.endpoint(), failure,
            Instant.now());
      }
      LOG.info("Capa client for app '{}' uses {} mode: {}", settings.appId(), decision.mode(), decision.reason());
      BlockSet blocks = BlockSet.forMode(decision.mode(), link, components, settings.appId(), handlers, trace);
      DefaultCapaClient client;
      try {
        client = new DefaultCapaClient(settings, resources, link, decision, blocks, trace);
      } catch (RuntimeException e) {
        blocks.close();
        throw e;
      }
      link.start(first, decision, failure);
      return client;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      resources.close();
      throw new CapaException(ErrorCode.RUNTIME_UNAVAILABLE, "interrupted while connecting to the runtime at "
          + settings.endpoint(), e);
    } catch (RuntimeException e) {
      resources.close();
      throw e;
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public String appId() {
    return settings.appId();
  }

  @Override
  public Mode mode() {
    return decision.mode();
  }

  @Override
  public ModeDecision decision() {
    return decision;
  }

  @Override
  public boolean connected() {
    return link.connected();
  }

  @Override
  public boolean awaitConnected(Duration timeout) throws InterruptedException {
    return link.awaitConnected(Objects.requireNonNull(timeout, "timeout"));
  }

  @Override
  public ActorService actors() {
    return actors;
  }

  @Override
  public InvocationService invocation() {
    return invocation;
  }

  @Override
  public StateService state() {
    return state;
  }

  @Override
  public PubSubService pubSub() {
    return pubSub;
  }

  @Override
  public BindingService bindings() {
    return bindings;
  }

  @Override
  public ConfigurationService configuration() {
    return configuration;
  }

  @Override
  public SecretService secrets() {
    return secrets;
  }

  @Override
  public LockService locks() {
    return locks;
  }

  @Override
  public SequencerService sequencer() {
    return sequencer;
  }

  @Override
  public FileService files() {
    return files;
  }

  @Override
  public DatabaseService database() {
    return database;
  }

  @Override
  public ScheduleService schedules() {
    return schedules;
  }

  @Override
  public TelemetryService telemetry() {
    return telemetry;
  }

  @Override
  public Registration hostActors(String type, HostedActor actor, HostOptions options) {
    if (type == null || type.isBlank() || type.indexOf('/') >= 0) {
      throw new IllegalArgumentException("actor type must be non-empty text without '/': " + type);
    }
    Objects.requireNonNull(actor, "actor");
    HostOptions opts = Objects.requireNonNullElse(options, HostOptions.defaults());
    ActorHostServer server = new ActorHostServer(type, actor, resources.handlers(), link);
    Registered<RuntimeProtocol.Runtime.HostActorsResults.Reader> r =
        new Registered<>(link, "actor type '" + type + "'") {
          @Override
          protected RuntimeLink.Pending<RuntimeProtocol.Runtime.HostActorsResults.Reader> send(
              RuntimeProtocol.Runtime.Client runtime) {
            var p = runtime.hostActors(b -> {
              b.setType(type);
              b.setHost(server.toClient());
              RuntimeProtocol.HostOptions.Builder o = b.initOptions();
              o.setTurnTimeoutMillis(opts.turnTimeout().map(Convert::millis).orElse(0L));
              o.setIdleTimeoutMillis(opts.idleTimeout().map(Convert::millis).orElse(0L));
              o.setReentrant(opts.reentrant());
              o.setMaxReentrancyDepth(opts.maxReentrancyDepth());
            });
            return new RuntimeLink.Pending<>(p.result(), p::cancel);
          }

          @Override
          protected RuntimeProtocol.Registration.Client registration(
              RuntimeProtocol.Runtime.HostActorsResults.Reader results) {
            return results.getRegistration().dup();
          }
        };
    return registerNow(r);
  }

  @Override
  public Registration registerApp(InvocationHandler handler) {
    Objects.requireNonNull(handler, "handler");
    AppHandlerServer server = new AppHandlerServer(settings.appId(), handler, resources.handlers());
    Registered<RuntimeProtocol.Runtime.RegisterAppResults.Reader> r =
        new Registered<>(link, "app id '" + settings.appId() + "'") {
          @Override
          protected RuntimeLink.Pending<RuntimeProtocol.Runtime.RegisterAppResults.Reader> send(
              RuntimeProtocol.Runtime.Client runtime) {
            var p = runtime.registerApp(b -> {
              b.setAppId(settings.appId());
              b.setHandler(server.toClient());
            });
            return new RuntimeLink.Pending<>(p.result(), p::cancel);
          }

          @Override
          protected RuntimeProtocol.Registration.Client registration(
              RuntimeProtocol.Runtime.RegisterAppResults.Reader results) {
            return results.getRegistration().dup();
          }
        };
    return registerNow(r);
  }

  /**
   * Registers now when connected and waits for the runtime's answer: a refusal fails here and the
   * registration is dropped. A lost connection does not fail it: it is registered on the next one.
   */
  private Registration registerNow(Registered<?> r) {
    CompletableFuture<Void> done = link.add(r).toCompletableFuture();
    try {
      done.get(settings.callTimeout().plus(settings.timeoutGrace()).toMillis(), TimeUnit.MILLISECONDS);
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      r.close();
      throw new CapaException(ErrorCode.RUNTIME_UNAVAILABLE, "interrupted while registering " + r.what(), e);
    } catch (TimeoutException e) {
      // Still under way; it is kept and re-registered on reconnection like any other.
      LOG.warn("The runtime has not answered the registration of {} yet; it stays registered for later", r.what());
      return r;
    } catch (ExecutionException e) {
      Throwable cause = Handshake.unwrap(e);
      if (cause instanceof CapaException c && c.errorCode() == ErrorCode.RUNTIME_UNAVAILABLE) {
        return r;
      }
      r.close();
      throw cause instanceof CapaException c ? c
          : new CapaException(ErrorCode.INTERNAL, "registering " + r.what() + ": " + cause, cause);
    }
  }

  @Override
  public void close() {
    link.close();
    blocks.close();
    resources.close();
  }

  @Override
  public String toString() {
    return "CapaClient(" + settings.appId() + " -> " + settings.endpoint() + ", " + decision.mode()
        + (connected() ? ", connected" : ", disconnected") + ")";
  }
}
