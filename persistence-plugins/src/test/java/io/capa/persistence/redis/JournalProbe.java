package io.capa.persistence.redis;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.DeleteMessagesSuccess;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.PersistentEnvelope;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.testkit.javadsl.TestKit;
import scala.jdk.javaapi.CollectionConverters;

/** Talks to a journal plugin actor through Pekko's journal protocol, as a persistent actor does. */
final class JournalProbe {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final ActorSystem system;
  private final ActorRef journal;
  private final String writerUuid = UUID.randomUUID().toString();

  JournalProbe(ActorSystem system, String pluginId) {
    this.system = system;
    this.journal = Persistence.get(system).journalFor(pluginId, ConfigFactory.empty());
  }

  static AtomicWrite event(String persistenceId, long seq, Object payload, String writerUuid) {
    return AtomicWrite.apply(PersistentRepr.apply(payload, seq, persistenceId, "", false,
        ActorRef.noSender(), writerUuid));
  }

  /** Sends one WriteMessages with one single-event AtomicWrite per payload, at seqs. */
  void sendWrite(ActorRef replyTo, String persistenceId, long[] seqs, Object[] payloads) {
    List<PersistentEnvelope> writes = new ArrayList<>();
    for (int i = 0; i < seqs.length; i++) {
      writes.add(event(persistenceId, seqs[i], payloads[i], writerUuid));
    }
    journal.tell(new JournalProtocol.WriteMessages(
        CollectionConverters.asScala(writes).toList(), replyTo, 1), replyTo);
  }

  void sendWrite(ActorRef replyTo, String persistenceId, long... seqs) {
    Object[] payloads = new Object[seqs.length];
    for (int i = 0; i < seqs.length; i++) {
      payloads[i] = "event-" + seqs[i];
    }
    sendWrite(replyTo, persistenceId, seqs, payloads);
  }

  /**
   * Writes and waits. Returns null on success, else the failure cause the journal reported
   * (WriteMessagesFailed); a rejection or timeout fails the test.
   */
  Throwable tryWrite(String persistenceId, long[] seqs, Object[] payloads) {
    TestKit probe = new TestKit(system);
    sendWrite(probe.getRef(), persistenceId, seqs, payloads);
    Object first = probe.receiveOne(TIMEOUT);
    if (first instanceof JournalProtocol.WriteMessagesFailed failed) {
      probe.receiveN(seqs.length, TIMEOUT);
      return failed.cause();
    }
    if (!(first instanceof JournalProtocol.WriteMessagesSuccessful$)) {
      throw new AssertionError("write of " + persistenceId + " got " + first);
    }
    for (Object reply : probe.receiveN(seqs.length, TIMEOUT)) {
      if (!(reply instanceof JournalProtocol.WriteMessageSuccess)) {
        throw new AssertionError("write of " + persistenceId + " got " + reply);
      }
    }
    return null;
  }

  Throwable tryWrite(String persistenceId, long... seqs) {
    Object[] payloads = new Object[seqs.length];
    for (int i = 0; i < seqs.length; i++) {
      payloads[i] = "event-" + seqs[i];
    }
    return tryWrite(persistenceId, seqs, payloads);
  }

  /** Writes and waits; fails the test when the journal reports anything but success. */
  void write(String persistenceId, long... seqs) {
    Throwable failure = tryWrite(persistenceId, seqs);
    if (failure != null) {
      throw new AssertionError("write of " + persistenceId + " failed", failure);
    }
  }

  /** Writes the payloads at sequence numbers 1..n in one call and waits for success. */
  void writePayloads(String persistenceId, Object... payloads) {
    long[] seqs = new long[payloads.length];
    for (int i = 0; i < seqs.length; i++) {
      seqs[i] = i + 1;
    }
    Throwable failure = tryWrite(persistenceId, seqs, payloads);
    if (failure != null) {
      throw new AssertionError("write of " + persistenceId + " failed", failure);
    }
  }

  /** Replays; throws the journal's failure cause when replay fails. */
  List<PersistentRepr> replay(String persistenceId, long from, long to, long max)
      throws Throwable {
    TestKit probe = new TestKit(system);
    journal.tell(new JournalProtocol.ReplayMessages(from, to, max, persistenceId,
        probe.getRef()), probe.getRef());
    List<PersistentRepr> events = new ArrayList<>();
    while (true) {
      Object m = probe.receiveOne(TIMEOUT);
      if (m instanceof JournalProtocol.ReplayedMessage r) {
        events.add(r.persistent());
      } else if (m instanceof JournalProtocol.RecoverySuccess) {
        return events;
      } else if (m instanceof JournalProtocol.ReplayMessagesFailure f) {
        throw f.cause();
      } else {
        throw new AssertionError("unexpected reply to replay: " + m);
      }
    }
  }

  List<Long> replaySeqs(String persistenceId) throws Throwable {
    return replay(persistenceId, 1, Long.MAX_VALUE, Long.MAX_VALUE).stream()
        .map(PersistentRepr::sequenceNr).toList();
  }

  /** The highest sequence number, as the journal reports it at the end of a recovery. */
  long highest(String persistenceId) throws Throwable {
    TestKit probe = new TestKit(system);
    journal.tell(new JournalProtocol.ReplayMessages(1, Long.MAX_VALUE, 0, persistenceId,
        probe.getRef()), probe.getRef());
    Object m = probe.receiveOne(TIMEOUT);
    if (m instanceof JournalProtocol.RecoverySuccess s) {
      return s.highestSequenceNr();
    }
    if (m instanceof JournalProtocol.ReplayMessagesFailure f) {
      throw f.cause();
    }
    throw new AssertionError("unexpected reply to replay: " + m);
  }

  void deleteTo(String persistenceId, long to) {
    TestKit probe = new TestKit(system);
    journal.tell(new JournalProtocol.DeleteMessagesTo(persistenceId, to, probe.getRef()),
        probe.getRef());
    Object reply = probe.receiveOne(TIMEOUT);
    if (!(reply instanceof DeleteMessagesSuccess)) {
      throw new AssertionError("delete of " + persistenceId + " failed: " + reply);
    }
  }
}
