package io.capa.persistence.redis;

import com.typesafe.config.Config;
import io.capa.persistence.jdbc.internal.PayloadCodec;
import io.capa.persistence.jdbc.internal.ScalaFutures;
import io.capa.persistence.redis.internal.JournalCommands;
import io.capa.persistence.redis.internal.JournalCommands.Encoded;
import io.capa.persistence.redis.internal.Keys;
import io.capa.persistence.redis.internal.Payloads;
import io.capa.persistence.redis.internal.Records;
import io.capa.persistence.redis.internal.RedisConnections;
import io.capa.persistence.redis.internal.RedisEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.pekko.event.Logging;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Redis event journal, plugin id {@code capa.persistence.redis.journal}.
 *
 * <p>The events of one call for one persistence id are appended by one Lua script: all or
 * nothing, and refused unless every sequence number is above the highest one stored. An
 * AtomicWrite whose payload cannot be serialized is rejected alone; a Redis failure fails the
 * whole call, as Pekko's journal contract asks. Replay pages on the last sequence number seen, so
 * gaps never end it early, and the highest sequence number is its own key, which deletion never
 * touches.
 */
public final class RedisJournal extends AsyncWriteJournal {
  private final Payloads payloads;
  private final JournalCommands commands;
  /**
   * The append in flight per persistence id. A second call for the same id waits for it, so two
   * appends of one id can never overtake each other, not even when one of them has to be resent
   * as EVAL after Redis lost its script cache.
   */
  private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

  public RedisJournal(Config config, String configPath) {
    RedisEndpoint redis = RedisConnections.get(context().system())
        .endpoint(config.getString("connection"));
    Keys keys = new Keys(redis.settings().keyPrefix(), config.getString("keyspace"));
    this.payloads = new Payloads(context().system());
    this.commands = new JournalCommands(redis, keys, payloads,
        config.getInt("replay-page-size"), Logging.getLogger(context().system(), getClass()));
  }

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(
      Iterable<AtomicWrite> messages) {
    long now = System.currentTimeMillis();
    List<Optional<Exception>> results = new ArrayList<>();
    Map<String, List<Encoded>> byId = new LinkedHashMap<>();
    for (AtomicWrite write : messages) {
      try {
        List<Encoded> events = encode(write, now);
        results.add(Optional.empty());
        if (!events.isEmpty()) {
          byId.computeIfAbsent(write.persistenceId(), id -> new ArrayList<>()).addAll(events);
        }
      } catch (Exception e) {
        results.add(Optional.of(e));
      }
    }
    if (byId.isEmpty()) {
      return Future.successful(results);
    }
    List<CompletableFuture<Void>> appends = new ArrayList<>(byId.size());
    byId.forEach((id, events) -> appends.add(appendInOrder(id, events)));
    // One persistence id per call is the common case (one persistent actor, one turn).
    CompletableFuture<Void> done = appends.size() == 1 ? appends.get(0)
        : CompletableFuture.allOf(appends.toArray(new CompletableFuture<?>[0]));
    return ScalaFutures.toScala(done.thenApply(v -> results));
  }

  // Called on the journal actor only, so get and put do not race; the removal is conditional.
  private CompletableFuture<Void> appendInOrder(String persistenceId, List<Encoded> events) {
    CompletableFuture<Void> previous = inFlight.get(persistenceId);
    CompletableFuture<Void> append = previous == null || previous.isDone()
        ? commands.append(persistenceId, events)
        : previous.handle((v, e) -> null)
            .thenCompose(v -> commands.append(persistenceId, events));
    inFlight.put(persistenceId, append);
    append.whenComplete((v, e) -> inFlight.remove(persistenceId, append));
    return append;
  }

  private List<Encoded> encode(AtomicWrite write, long now) {
    List<Encoded> events = new ArrayList<>(write.size());
    for (PersistentRepr repr : CollectionConverters.asJava(write.payload())) {
      long seq = repr.sequenceNr();
      if (seq < 1 || seq > JournalCommands.MAX_SEQUENCE_NR) {
        throw new IllegalArgumentException("Sequence number " + seq + " of persistence id '"
            + repr.persistenceId() + "' is outside 1..2^53, the range Redis scores hold exactly");
      }
      Object payload = repr.payload();
      List<String> tags = List.of();
      if (payload instanceof Tagged tagged) {
        payload = tagged.payload();
        tags = List.copyOf(CollectionConverters.asJava(tagged.tags()));
      }
      PayloadCodec.Serialized meta =
          repr.metadata().isDefined() ? payloads.encode(repr.metadata().get()) : null;
      long timestamp = repr.timestamp() > 0 ? repr.timestamp() : now;
      events.add(new Encoded(seq, Records.encode(new Records.Event(seq, timestamp,
          repr.writerUuid(), repr.manifest(), payloads.encode(payload), meta, tags))));
    }
    return events;
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    return ScalaFutures.toScala(commands.deleteTo(persistenceId, toSequenceNr));
  }

  @Override
  public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr,
      long toSequenceNr, long max, Consumer<PersistentRepr> replayCallback) {
    return ScalaFutures.toScala(
        commands.replay(persistenceId, fromSequenceNr, toSequenceNr, max, replayCallback));
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    return ScalaFutures.toScala(commands.highest(persistenceId));
  }
}
