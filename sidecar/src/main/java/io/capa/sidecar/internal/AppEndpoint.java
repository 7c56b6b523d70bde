package io.capa.sidecar.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.invocation.InvokeRequest;
import io.capa.api.invocation.InvokeResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * INTERNAL API: the cluster-wide face of the applications of one app id connected to this node.
 * It is listed with the receptionist under {@link #key}, so a sidecar on another node can find it
 * and hand it a call; it passes the call to the local connections and answers with their reply.
 */
final class AppEndpoint {
  /** A call from another node. Flat fields, so that it serializes without custom code. */
  record Call(
      String appId,
      String method,
      byte[] data,
      String contentType,
      String httpVerb,
      String query,
      Map<String, String> metadata,
      long timeoutMillis,
      ActorRef<Answer> replyTo)
      implements SidecarMessage {
    static Call of(InvokeRequest r, Duration timeout, ActorRef<Answer> replyTo) {
      return new Call(r.appId(), r.method(), r.data(), r.contentType(), r.httpVerb(), r.query(), r.metadata(),
          timeout.toMillis(), replyTo);
    }

    InvokeRequest request() {
      return new InvokeRequest(appId, method, data, contentType, httpVerb, query, metadata, Duration.ofMillis(timeoutMillis));
    }
  }

  /** The reply: a response, or the error code and message of a failure. */
  record Answer(int status, byte[] data, String contentType, Map<String, String> metadata, String errorCode, String errorMessage)
      implements SidecarMessage {
    static Answer of(InvokeResponse r) {
      return new Answer(r.status(), r.data(), r.contentType(), r.metadata(), null, null);
    }

    static Answer of(CapaException e) {
      return new Answer(500, new byte[0], null, Map.of(), e.errorCode().code(), e.getMessage());
    }

    InvokeResponse response() {
      if (errorCode != null) {
        throw new CapaException(ErrorCode.fromCode(errorCode).orElse(ErrorCode.INTERNAL), errorMessage);
      }
      return new InvokeResponse(status, data, contentType, metadata);
    }
  }

  private AppEndpoint() {}

  static ServiceKey<Call> key(String appId) {
    return ServiceKey.create(Call.class, "capa-app-" + appId);
  }

  static Behavior<Call> create(String appId, Function<InvokeRequest, CompletionStage<InvokeResponse>> local) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(key(appId), ctx.getSelf()));
      return Behaviors.receiveMessage(call -> {
        ActorRef<Answer> replyTo = call.replyTo();
        local.apply(call.request()).whenComplete((r, e) -> {
          if (e == null) {
            replyTo.tell(Answer.of(r));
          } else {
            Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            replyTo.tell(Answer.of(t instanceof CapaException c ? c : new CapaException(ErrorCode.DIRECT_INVOKE, t.toString())));
          }
        });
        return Behaviors.same();
      });
    });
  }
}
