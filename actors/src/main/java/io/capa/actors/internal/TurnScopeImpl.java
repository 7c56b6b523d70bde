package io.capa.actors.internal;

import io.capa.actors.api.ActorContext;
import io.capa.actors.api.TurnScope;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * INTERNAL API: the scope of one turn run by an {@code ActorTurnHandler}. Actions travel to the
 * entity as {@link ActorCommand.Resume} messages, which the runner executes with the turn as the
 * current one, so they see and extend the turn's state layer.
 *
 * <p>Stages still pending when the turn ends are failed then, by the entity: an entity that stops
 * right after (passivation, a failed write) would never process their messages, and their callers
 * would otherwise wait forever.
 */
final class TurnScopeImpl implements TurnScope {
  private final ActorId id;
  private final String label;
  private final ActorRef<ActorCommand> self;
  private final ActorContext context;
  private final Object turn;
  /** Written on the entity's thread only; read from any thread. */
  private volatile boolean ended;

  private final ConcurrentLinkedQueue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();

  TurnScopeImpl(ActorId id, String label, ActorRef<ActorCommand> self, ActorContext context, Object turn) {
    this.id = id;
    this.label = label;
    this.self = self;
    this.context = context;
    this.turn = turn;
  }

  @Override
  public ActorId id() {
    return id;
  }

  @Override
  public <T> CompletionStage<T> run(Function<ActorContext, T> action) {
    Objects.requireNonNull(action, "action");
    return runAsync(ctx -> CompletableFuture.completedFuture(action.apply(ctx)));
  }

  @Override
  public <T> CompletionStage<T> runAsync(Function<ActorContext, CompletionStage<T>> action) {
    Objects.requireNonNull(action, "action");
    CompletableFuture<T> result = new CompletableFuture<>();
    if (ended) {
      result.completeExceptionally(endedError());
      return result;
    }
    pending.add(result);
    result.whenComplete((v, e) -> pending.remove(result));
    // Checked again after registering: end() sets the flag before it drains the queue, so either it
    // sees this future or this thread sees the flag.
    if (ended) {
      result.completeExceptionally(endedError());
      return result;
    }
    self.tell(new ActorCommand.Resume(turn, () -> runOnEntityThread(action, result)));
    return result;
  }

  private <T> void runOnEntityThread(Function<ActorContext, CompletionStage<T>> action, CompletableFuture<T> result) {
    if (ended) {
      result.completeExceptionally(endedError());
      return;
    }
    CompletionStage<T> stage;
    try {
      stage = action.apply(context);
    } catch (Throwable e) {
      result.completeExceptionally(e);
      return;
    }
    if (stage == null) {
      result.completeExceptionally(new NullPointerException("the action of turn '" + label + "' returned no stage"));
      return;
    }
    stage.whenComplete(
        (v, e) -> {
          if (e != null) {
            result.completeExceptionally(TurnRunner.unwrap(e));
          } else {
            result.complete(v);
          }
        });
  }

  /** The turn completed, failed or expired. Called on the entity's thread. */
  void end() {
    if (ended) {
      return;
    }
    ended = true;
    CapaException why = endedError();
    for (CompletableFuture<?> f; (f = pending.poll()) != null; ) {
      f.completeExceptionally(why);
    }
  }

  private CapaException endedError() {
    return new CapaException(
        ErrorCode.INVALID_REQUEST,
        "turn '" + label + "' of actor " + id + " has ended (completed, failed or timed out); its scope can no"
            + " longer reach the actor");
  }
}
