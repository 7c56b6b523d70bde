package io.capa.actors.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.dispatch.ExecutionContexts$;
import org.apache.pekko.pattern.AskTimeoutException;
import org.apache.pekko.util.Timeout;
import scala.concurrent.Future;

/**
 * INTERNAL API: sends requests to actor entities and turns their replies into stages.
 *
 * <p>It asks through the Scala side of {@code EntityRef} and completes a plain {@code
 * CompletableFuture} on the replying thread. Pekko's Java {@code ask} returns a stage whose
 * dependent actions run asynchronously on the common pool; on a 2-core machine that pool has one
 * thread and every continuation then starts a thread of its own, about 20x slower.
 */
final class ActorInvoker {
  private final ClusterSharding sharding;
  private final TypeRegistry types;
  private final ActorRuntimeSettings settings;
  private final StoreStatus store;

  ActorInvoker(
      ClusterSharding sharding, TypeRegistry types, ActorRuntimeSettings settings, StoreStatus store) {
    this.sharding = sharding;
    this.types = types;
    this.settings = settings;
    this.store = store;
  }

  TypeRuntime type(String name) {
    TypeRuntime t = types.get(name);
    if (t == null) {
      throw new CapaException(
          ErrorCode.ACTOR_TYPE_NOT_FOUND, "no actor type '" + name + "' is registered (registered: " + types.names() + ")");
    }
    return t;
  }

  CompletionStage<byte[]> invoke(
      ActorId actor, String method, byte[] payload, Duration timeout, CallChain chain, Map<String, String> trace) {
    try {
      TypeRuntime t = type(actor.type());
      t.methods.find(method);
      checkPayload(payload);
      Duration d = timeout != null ? timeout : settings.callTimeout();
      long deadline = System.currentTimeMillis() + d.toMillis();
      long start = System.nanoTime();
      CompletableFuture<byte[]> result = new CompletableFuture<>();
      send(
          t,
          actor,
          d,
          replyTo -> new ActorCommand.Invoke(method, payload, chain, trace, deadline, replyTo),
          method,
          (r, e) -> {
            t.invocationLatency.observeNanos(System.nanoTime() - start);
            if (e != null) {
              result.completeExceptionally(e);
            } else {
              result.complete(payloadOf(r));
            }
          });
      return result;
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  <T> CompletionStage<T> call(
      ActorId actor, String method, Object argument, Type resultType, CallChain chain, Map<String, String> trace) {
    try {
      TypeRuntime t = type(actor.type());
      byte[] payload = t.codec.encode(argument);
      return invoke(actor, method, payload, null, chain, trace).thenApply(b -> decode(t, b, resultType));
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T decode(TypeRuntime t, byte[] bytes, Type resultType) {
    if (resultType == void.class || resultType == Void.class) {
      return null;
    }
    return (T) t.codec.decode(bytes, resultType);
  }

  void checkPayload(byte[] payload) {
    checkPayloadSize(payload.length);
  }

  void checkPayloadSize(long bytes) {
    if (bytes > settings.maxPayloadBytes()) {
      throw new CapaException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "payload of " + bytes + " bytes is over the limit of " + settings.maxPayloadBytes() + " bytes");
    }
  }

  /** Sends a request built around the reply address and completes with the entity's reply. */
  CompletionStage<Reply> ask(
      TypeRuntime t, ActorId actor, Duration timeout, Function<ActorRef<Reply>, ActorCommand> request, String what) {
    CompletableFuture<Reply> result = new CompletableFuture<>();
    send(
        t,
        actor,
        timeout,
        request,
        what,
        (r, e) -> {
          if (e != null) {
            result.completeExceptionally(e);
          } else {
            result.complete(r);
          }
        });
    return result;
  }

  /**
   * The one place that asks an entity. {@code onReply} runs on the replying thread with either the
   * reply or a {@link CapaException}; a {@link Reply.Failed} arrives as its exception.
   */
  private void send(
      TypeRuntime t,
      ActorId actor,
      Duration timeout,
      Function<ActorRef<Reply>, ActorCommand> request,
      String what,
      java.util.function.BiConsumer<Reply, Throwable> onReply) {
    if (store.down()) {
      // An entity that is not active could not recover now; the call would only wait for its timeout.
      onReply.accept(null, unavailable(actor));
      return;
    }
    @SuppressWarnings("unchecked")
    org.apache.pekko.cluster.sharding.typed.scaladsl.EntityRef<ActorCommand> ref =
        (org.apache.pekko.cluster.sharding.typed.scaladsl.EntityRef<ActorCommand>)
            (Object) t.ref(sharding, actor.id());
    Future<Reply> future = ref.ask(request::apply, Timeout.create(timeout));
    future.onComplete(
        attempt -> {
          if (attempt.isSuccess()) {
            Reply r = attempt.get();
            if (r instanceof Reply.Failed f) {
              onReply.accept(null, f.toException());
            } else {
              onReply.accept(r, null);
            }
          } else {
            Throwable e = attempt.failed().get();
            onReply.accept(
                null,
                e instanceof AskTimeoutException && store.downWithin(timeout)
                    ? unavailable(actor)
                    : e instanceof AskTimeoutException
                    ? new CapaException(
                        ErrorCode.DEADLINE_EXCEEDED,
                        "'" + what + "' of actor " + actor + " did not answer within " + timeout.toMillis() + " ms",
                        e)
                    : new CapaException(ErrorCode.INTERNAL, "calling actor " + actor + " failed: " + e, e));
          }
          return null;
        },
        ExecutionContexts$.MODULE$.parasitic());
  }

  private CapaException unavailable(ActorId actor) {
    var s = store.current();
    return new CapaException(
        ErrorCode.PERSISTENCE_UNAVAILABLE,
        "actor " + actor + " cannot run: its state store is unavailable"
            + (s.detail().isEmpty() ? "" : " (" + s.detail() + ")")
            + "; the runtime reconnects by itself, retry later");
  }

  static byte[] payloadOf(Reply r) {
    return r instanceof Reply.Ok ok ? ok.payload() : new byte[0];
  }
}
