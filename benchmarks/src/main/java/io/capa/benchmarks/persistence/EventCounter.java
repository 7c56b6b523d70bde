package io.capa.benchmarks.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.SnapshotFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A plain {@code EventSourcedBehavior} whose state is the number of events applied; events are
 * opaque byte arrays (Pekko's byte-array serializer, so the journal stores them as they are).
 * Takes one snapshot when it persists sequence number {@code snapshotAt} (0 = never).
 */
final class EventCounter extends EventSourcedBehavior<EventCounter.Command, byte[], Long> {
  sealed interface Command permits Append, Get, Stop {}

  /** Persists {@code count} copies of {@code event} in one persistAll; replies with the new state. */
  record Append(int count, byte[] event, ActorRef<Long> replyTo) implements Command {}

  /** Replies with the state and how many events this incarnation applied while recovering. */
  record Get(ActorRef<Recovered> replyTo) implements Command {}

  record Stop(ActorRef<Done> replyTo) implements Command {}

  record Recovered(long state, long eventsReplayed) {}

  private final long snapshotAt;
  private final CompletableFuture<Long> snapshotted;
  // Counted by the event handler of this incarnation only; read once recovery is over.
  private long applied;

  EventCounter(String persistenceId, long snapshotAt, CompletableFuture<Long> snapshotted) {
    super(PersistenceId.ofUniqueId(persistenceId));
    this.snapshotAt = snapshotAt;
    this.snapshotted = snapshotted;
  }

  @Override
  public Long emptyState() {
    return 0L;
  }

  @Override
  public boolean shouldSnapshot(Long state, byte[] event, long sequenceNr) {
    return snapshotAt > 0 && sequenceNr == snapshotAt;
  }

  @Override
  public CommandHandler<Command, byte[], Long> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Append.class,
            (s, c) -> {
              List<byte[]> events = new ArrayList<>(c.count());
              for (int i = 0; i < c.count(); i++) {
                events.add(c.event());
              }
              return Effect().persist(events).thenReply(c.replyTo(), v -> v);
            })
        .onCommand(Get.class, (s, c) -> Effect().none().thenReply(c.replyTo(), v -> new Recovered(v, applied)))
        .onCommand(Stop.class, (s, c) -> Effect().stop().thenReply(c.replyTo(), v -> Done.getInstance()))
        .build();
  }

  @Override
  public EventHandler<Long, byte[]> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onAnyEvent(
            (s, e) -> {
              applied++;
              return s + 1;
            });
  }

  @Override
  public SignalHandler<Long> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(SnapshotCompleted.class, (s, done) -> snapshotted.complete(done.metadata().sequenceNr()))
        .onSignal(SnapshotFailed.class, (s, failed) -> snapshotted.completeExceptionally(failed.getFailure()))
        .build();
  }
}
