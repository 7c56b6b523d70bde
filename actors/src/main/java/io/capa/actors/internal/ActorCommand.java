package io.capa.actors.internal;

import io.capa.api.actors.TimerSpec;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * INTERNAL API: the messages of an actor entity. Requests from outside carry a {@code replyTo};
 * the others are the entity's own signals to itself.
 */
public sealed interface ActorCommand extends CborSerializable {
  /** A request that answers with a {@link Reply}. */
  sealed interface Request extends ActorCommand {
    ActorRef<Reply> replyTo();

    /** Epoch millis after which nobody waits for the answer any more. */
    long deadline();
  }

  /**
   * A method call; {@code chain} is null for calls from outside any turn, {@code trace} holds the
   * caller's {@code traceparent}/{@code tracestate} (empty when not traced).
   */
  record Invoke(
      String method, byte[] payload, CallChain chain, Map<String, String> trace, long deadline, ActorRef<Reply> replyTo)
      implements Request {
    public Invoke {
      trace = trace == null ? Map.of() : trace;
    }
  }

  record GetState(String key, long deadline, ActorRef<Reply> replyTo) implements Request {}

  record Transact(List<StateOp> operations, long deadline, ActorRef<Reply> replyTo)
      implements Request {}

  record StartTimer(TimerSpec timer, long deadline, ActorRef<Reply> replyTo) implements Request {}

  record StopTimer(String name, long deadline, ActorRef<Reply> replyTo) implements Request {}

  /** A reminder firing, sent by a reminder partition; answered when the callback turn has finished. */
  record FireReminder(String name, byte[] data, long deadline, ActorRef<Reply> replyTo)
      implements Request {}

  /** A volatile timer of this activation fired. */
  record TimerFired(String name, long generation) implements ActorCommand {}

  /** An asynchronous turn's result arrived. */
  record TurnDone(long turn, Object result, Throwable error) implements ActorCommand {}

  /**
   * A stage that a turn waits on completed elsewhere: {@code action} completes the turn's view of it
   * on the entity's thread, so that continuations run one at a time, inside the turn.
   */
  record Resume(Object turn, Runnable action) implements ActorCommand {}

  /** An asynchronous turn ran past its deadline. */
  record TurnExpired(long turn) implements ActorCommand {}

  /** Work was queued behind a turn: take the next item. */
  enum Drain implements ActorCommand {
    INSTANCE
  }

  /** Sent by sharding to passivate the entity. */
  enum Passivate implements ActorCommand {
    INSTANCE
  }
}
