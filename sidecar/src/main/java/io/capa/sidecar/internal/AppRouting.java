package io.capa.sidecar.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.invocation.InvocationHandler;
import io.capa.api.invocation.InvokeRequest;
import io.capa.api.invocation.InvokeResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: where calls for an app id go. Local connections are called directly, in turn;
 * other nodes are found through the receptionist, where each node lists one {@link AppEndpoint}
 * per app id it serves.
 */
public final class AppRouting {
  private static final Logger log = LoggerFactory.getLogger(AppRouting.class);

  private final ActorSystem<?> system;
  private final Duration defaultTimeout;
  private final Map<String, Local> local = new ConcurrentHashMap<>();

  /** The connections of one app id on this node, and its cluster endpoint. */
  private final class Local {
    final List<Entry> handlers = new CopyOnWriteArrayList<>();
    ActorRef<AppEndpoint.Call> endpoint;
  }

  private record Entry(InvocationHandler handler, String origin) {}

  public AppRouting(ActorSystem<?> system, Duration defaultTimeout) {
    this.system = system;
    this.defaultTimeout = defaultTimeout;
  }

  public AutoCloseable register(String appId, InvocationHandler handler, String origin) {
    Entry entry = new Entry(handler, origin);
    synchronized (local) {
      Local l = local.computeIfAbsent(appId, id -> new Local());
      l.handlers.add(entry);
      if (l.endpoint == null) {
        l.endpoint = spawn(appId);
      }
    }
    log.info("application {} connected ({})", appId, origin);
    return () -> {
      synchronized (local) {
        Local l = local.get(appId);
        if (l != null && l.handlers.remove(entry) && l.handlers.isEmpty()) {
          local.remove(appId);
          system.classicSystem().stop(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(l.endpoint));
        }
      }
      log.info("application {} disconnected ({})", appId, origin);
    };
  }

  public List<String> localAppIds() {
    return List.copyOf(new TreeSet<>(local.keySet()));
  }

  public CompletionStage<InvokeResponse> invoke(InvokeRequest request) {
    Duration timeout = request.timeout() != null ? request.timeout() : defaultTimeout;
    CompletionStage<InvokeResponse> localCall = callLocal(request);
    if (localCall != null) {
      return localCall.toCompletableFuture().orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          .exceptionallyCompose(e -> CompletableFuture.failedFuture(timeoutOr(e, request, timeout)));
    }
    return callRemote(request, timeout);
  }

  private CompletionStage<InvokeResponse> callLocal(InvokeRequest request) {
    Local l = local.get(request.appId());
    if (l == null) {
      return null;
    }
    List<Entry> hs = new ArrayList<>(l.handlers);
    if (hs.isEmpty()) {
      return null;
    }
    Entry e = hs.get(ThreadLocalRandom.current().nextInt(hs.size()));
    try {
      return e.handler().handle(request);
    } catch (RuntimeException ex) {
      return CompletableFuture.failedFuture(ex);
    }
  }

  private CompletionStage<InvokeResponse> callRemote(InvokeRequest request, Duration timeout) {
    return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
            system.receptionist(),
            replyTo -> Receptionist.find(AppEndpoint.key(request.appId()), replyTo),
            Duration.ofSeconds(5),
            system.scheduler())
        .thenCompose(listing -> {
          List<ActorRef<AppEndpoint.Call>> refs = new ArrayList<>(listing.getServiceInstances(AppEndpoint.key(request.appId())));
          if (refs.isEmpty()) {
            return CompletableFuture.failedFuture(new CapaException(
                ErrorCode.APP_NOT_FOUND, "no application with app id '" + request.appId() + "' is connected to the cluster"));
          }
          ActorRef<AppEndpoint.Call> target = refs.get(ThreadLocalRandom.current().nextInt(refs.size()));
          return AskPattern.<AppEndpoint.Call, AppEndpoint.Answer>ask(
                  target, replyTo -> AppEndpoint.Call.of(request, timeout, replyTo), timeout, system.scheduler())
              .thenApply(AppEndpoint.Answer::response)
              .exceptionallyCompose(e -> CompletableFuture.failedFuture(timeoutOr(e, request, timeout)));
        });
  }

  private static Throwable timeoutOr(Throwable e, InvokeRequest request, Duration timeout) {
    Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof TimeoutException) {
      return new CapaException(ErrorCode.DEADLINE_EXCEEDED,
          "application '" + request.appId() + "' did not answer " + request.method() + " within " + timeout.toMillis() + " ms");
    }
    return t;
  }

  private ActorRef<AppEndpoint.Call> spawn(String appId) {
    // The user guardian is the actor runtime's own behavior, which takes no spawn requests (and a
    // typed system refuses top-level actors from outside), so the endpoint lives under /system.
    return system.systemActorOf(
        AppEndpoint.create(appId, this::callLocalOrFail), "capa-app-" + urlSafe(appId) + "-" + System.nanoTime(), Props.empty());
  }

  private CompletionStage<InvokeResponse> callLocalOrFail(InvokeRequest request) {
    CompletionStage<InvokeResponse> s = callLocal(request);
    return s != null ? s : CompletableFuture.failedFuture(new CapaException(
        ErrorCode.APP_NOT_FOUND, "application '" + request.appId() + "' just disconnected from this node"));
  }

  private static String urlSafe(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("%", "_");
  }
}
