package io.capa.benchmarks.persistence;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.PersistentEnvelope;
import org.apache.pekko.persistence.PersistentRepr;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Many writers talking to a journal plugin actor the way persistent actors do: writer {@code i}
 * owns one persistence id and sends {@code WriteMessages} with one AtomicWrite of one event, and
 * its next write only after the journal acknowledged the previous one.
 *
 * <p>One actor receives every reply and completes the writer's future (the writer index travels
 * as the {@code actorInstanceId}), so the harness adds one actor, not one per writer, to what the
 * journal is measured with.
 */
final class JournalWriters {
  private final ActorRef journal;
  private final ActorRef replies;
  private final String[] persistenceIds;
  private final long[] sequenceNrs;
  private final AtomicReferenceArray<CompletableFuture<Void>> pending;
  private final byte[] payload;
  private final String writerUuid;

  JournalWriters(ActorSystem system, String journalPluginId, String idPrefix, int writers, byte[] payload, String writerUuid) {
    this.journal = Persistence.get(system).journalFor(journalPluginId, com.typesafe.config.ConfigFactory.empty());
    this.persistenceIds = new String[writers];
    for (int i = 0; i < writers; i++) {
      persistenceIds[i] = idPrefix + i;
    }
    this.sequenceNrs = new long[writers];
    this.pending = new AtomicReferenceArray<>(writers);
    this.payload = payload;
    this.writerUuid = writerUuid;
    this.replies = system.actorOf(Props.create(Replies.class, () -> new Replies(pending)), "journal-replies");
  }

  /**
   * Writes the next event of writer {@code i}. Only one write per writer may be in flight (the
   * closed loop guarantees it), which also orders the reads and writes of its sequence number.
   */
  CompletionStage<?> write(int i) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    pending.set(i, done);
    PersistentRepr event =
        PersistentRepr.apply(payload, ++sequenceNrs[i], persistenceIds[i], "", false, ActorRef.noSender(), writerUuid);
    List<PersistentEnvelope> writes = List.of(AtomicWrite.apply(event));
    journal.tell(new JournalProtocol.WriteMessages(CollectionConverters.asScala(writes).toList(), replies, i), replies);
    return done;
  }

  /** Completes the future of the writer each reply is for. */
  private static final class Replies extends AbstractActor {
    private final AtomicReferenceArray<CompletableFuture<Void>> pending;

    Replies(AtomicReferenceArray<CompletableFuture<Void>> pending) {
      this.pending = pending;
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(JournalProtocol.WriteMessageSuccess.class, m -> pending.get(m.actorInstanceId()).complete(null))
          .match(
              JournalProtocol.WriteMessageFailure.class,
              m -> pending.get(m.actorInstanceId()).completeExceptionally(m.cause()))
          .match(
              JournalProtocol.WriteMessageRejected.class,
              m -> pending.get(m.actorInstanceId()).completeExceptionally(m.cause()))
          // WriteMessagesSuccessful / WriteMessagesFailed come before the per-event replies above.
          .matchAny(m -> {})
          .build();
    }
  }
}
