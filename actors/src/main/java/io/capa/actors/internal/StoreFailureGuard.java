package io.capa.actors.internal;

import io.capa.actors.internal.ActorCommand.Request;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.pattern.CircuitBreakerOpenException;

/**
 * INTERNAL API: answers the callers an entity would otherwise leave waiting when its store fails.
 *
 * <p>Pekko stops an event-sourced entity whose recovery or write failed, and drops the commands it
 * had stashed meanwhile, so their callers would only hear of it at their timeout. This interceptor
 * sits around the entity: it notes the reply address of every request that arrives before recovery
 * has completed, and when the entity throws, it answers them at once with the cause, which names the
 * persistence id (and, for unreadable data, the sequence number). Once recovered it only passes
 * messages through.
 */
final class StoreFailureGuard extends BehaviorInterceptor<Object, Object> {
  private final ActorId id;
  private final StoreStatus store;
  private final List<ActorRef<Reply>> waiting = new ArrayList<>();
  private boolean recovered;
  private Throwable failure;

  StoreFailureGuard(ActorId id, StoreStatus store) {
    super(Object.class);
    this.id = id;
    this.store = store;
  }

  /** Called by the entity once recovery completed: requests are then its own business. */
  void recovered() {
    recovered = true;
    waiting.clear();
  }

  /** The entity saw its recovery fail with this cause (Pekko then stops it). */
  void failed(Throwable cause) {
    failure = cause;
  }

  /** The store failure that stopped the entity, if any, for the entity's own last answers. */
  Throwable failure() {
    return failure;
  }

  @Override
  public Behavior<Object> aroundReceive(TypedActorContext<Object> ctx, Object msg, ReceiveTarget<Object> target) {
    if (!recovered && msg instanceof Request r) {
      waiting.add(r.replyTo());
    }
    Behavior<Object> next;
    try {
      next = target.apply(ctx, msg);
    } catch (RuntimeException e) {
      failure = e;
      answerWaiting();
      store.suspect("a failure of " + id);
      throw e;
    }
    // Pekko's stop supervisor turns a failed recovery or write into a stopped behavior.
    if (!Behavior.isAlive(next)) {
      answerWaiting();
    }
    return next;
  }

  private void answerWaiting() {
    if (recovered || waiting.isEmpty()) {
      return;
    }
    Reply answer =
        failure != null
            ? Reply.failed(codeFor(failure), "actor " + id + " could not be recovered: " + describe(failure))
            : Reply.failed(ErrorCode.PERSISTENCE_FAILED, "actor " + id + " stopped before its recovery completed");
    waiting.forEach(w -> w.tell(answer));
    waiting.clear();
  }

  /** Unavailable when the store could not be reached (worth retrying); failed for anything else. */
  static ErrorCode codeFor(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String name = t.getClass().getName();
      if (t instanceof ConnectException
          || t instanceof TimeoutException
          || t instanceof CircuitBreakerOpenException
          || t instanceof SQLTransientException
          || t instanceof SQLRecoverableException
          || t instanceof SQLNonTransientConnectionException
          || (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08"))
          || name.contains("Connection")
          || name.contains("Timeout")) {
        return ErrorCode.PERSISTENCE_UNAVAILABLE;
      }
    }
    return ErrorCode.PERSISTENCE_FAILED;
  }

  /** Pekko's message (which names the persistence id) and the innermost cause's. */
  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root.getMessage();
  }
}
