package io.capa.sdk.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.configuration.ConfigurationRequest;
import io.capa.api.configuration.ConfigurationUpdate;
import io.capa.capnp.rpc.CallContext;
import io.capa.sidecar.protocol.RuntimeProtocol;
import io.capa.sidecar.protocol.RuntimeProtocol.ConfigurationWatcher;
import io.capa.sidecar.protocol.internal.ConfigurationConvert;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * INTERNAL API: one application watch of configuration keys, pushed by the runtime to this {@code
 * ConfigurationWatcher}. An update is answered once it has been handed to the application's {@code
 * onNext}, so the runtime's window bounds what waits here for demand. The watch is a registration,
 * made again after a reconnection; changes made while disconnected are not replayed (read them
 * with {@code get}).
 */
final class RpcConfigurationWatch extends ConfigurationWatcher.Server implements Flow.Subscription {
  private final RuntimeLink link;
  private final Flow.Subscriber<? super ConfigurationUpdate> app;
  private final Registered<RuntimeProtocol.Runtime.WatchConfigurationResults.Reader> registration;

  // Guarded by this.
  private final Deque<Pending> ready = new ArrayDeque<>();
  private long demand;
  private boolean done;
  private boolean draining;
  private Throwable failure;
  private boolean completed;

  private record Pending(ConfigurationUpdate update, CompletableFuture<Void> answer) {}

  RpcConfigurationWatch(RuntimeLink link, ConfigurationRequest request, Flow.Subscriber<? super ConfigurationUpdate> app) {
    this.link = link;
    this.app = app;
    this.registration = new Registered<>(link, "configuration watch of " + request.store() + " " + request.keys()) {
      @Override
      protected RuntimeLink.Pending<RuntimeProtocol.Runtime.WatchConfigurationResults.Reader> send(
          RuntimeProtocol.Runtime.Client runtime) {
        var p = runtime.watchConfiguration(b -> {
          ConfigurationConvert.request(request, b.initRequest());
          b.setWatcher(toClient());
          b.setMaxUnanswered(0);
        });
        return new RuntimeLink.Pending<>(p.result(), p::cancel);
      }

      @Override
      protected RuntimeProtocol.Registration.Client registration(RuntimeProtocol.Runtime.WatchConfigurationResults.Reader r) {
        return r.getRegistration().dup();
      }
    };
  }

  void start() {
    CompletionStage<Void> added;
    try {
      added = link.add(registration);
    } catch (CapaException e) {
      end(e, false);
      return;
    }
    added.whenComplete((v, e) -> {
      Throwable cause = e == null ? null : Handshake.unwrap(e);
      if (cause != null && !(cause instanceof CapaException c && c.errorCode() == ErrorCode.RUNTIME_UNAVAILABLE)) {
        end(cause, false);
      }
    });
  }

  @Override
  protected CompletionStage<?> update(CallContext call, ConfigurationWatcher.UpdateParams.Reader params,
      Supplier<ConfigurationWatcher.UpdateResults.Builder> results) {
    ConfigurationUpdate u = ConfigurationConvert.update(params);
    CompletableFuture<Void> answer = new CompletableFuture<>();
    synchronized (this) {
      if (done) {
        answer.complete(null);
      } else {
        ready.add(new Pending(u, answer));
      }
    }
    link.callbacks().execute(this::drain);
    return answer;
  }

  @Override
  protected CompletionStage<?> ended(CallContext call, ConfigurationWatcher.EndedParams.Reader params,
      Supplier<ConfigurationWatcher.EndedResults.Builder> results) {
    String error = params.getError();
    if (error.isEmpty()) {
      end(null, true);
    } else {
      int colon = error.indexOf(':');
      ErrorCode code = colon < 0 ? ErrorCode.INTERNAL : ErrorCode.fromCode(error.substring(0, colon)).orElse(ErrorCode.INTERNAL);
      end(new CapaException(code, "the runtime ended the configuration watch: " + error), false);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      end(new IllegalArgumentException("request(" + n + "): demand must be positive (reactive streams rule 3.9)"), false);
      return;
    }
    synchronized (this) {
      demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
    }
    link.callbacks().execute(this::drain);
  }

  @Override
  public void cancel() {
    end(null, false);
  }

  private void end(Throwable t, boolean complete) {
    Deque<Pending> left;
    synchronized (this) {
      if (done) {
        return;
      }
      done = true;
      failure = t;
      completed = complete;
      left = new ArrayDeque<>(ready);
      ready.clear();
    }
    left.forEach(p -> p.answer().complete(null));
    link.callbacks().execute(registration::close);
    link.callbacks().execute(this::drain);
  }

  private void drain() {
    synchronized (this) {
      if (draining) {
        return;
      }
      draining = true;
    }
    while (true) {
      Pending next = null;
      Throwable error = null;
      boolean complete = false;
      synchronized (this) {
        if (done && failure != null) {
          error = failure;
          failure = null;
        } else if (done && completed) {
          completed = false;
          complete = true;
        } else if (done || demand == 0 || ready.isEmpty()) {
          draining = false;
          return;
        } else {
          next = ready.poll();
          demand--;
        }
      }
      if (error != null) {
        app.onError(error);
      } else if (complete) {
        app.onComplete();
      } else {
        try {
          app.onNext(next.update());
        } finally {
          next.answer().complete(null);
        }
      }
    }
  }
}
