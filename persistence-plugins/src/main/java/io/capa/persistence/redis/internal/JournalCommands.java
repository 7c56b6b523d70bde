package io.capa.persistence.redis.internal;

import io.capa.persistence.redis.RedisPersistenceException;
import io.capa.persistence.redis.RedisPersistenceException.Reason;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.persistence.PersistentRepr;

/**
 * INTERNAL API. The Redis side of the journal. Per persistence id there are two keys in one
 * hash slot:
 * <ul>
 *   <li>{@code ...:{id}:events}: a sorted set, member = event record, score = sequence number.
 *       Replay is a range query by score, paged on the last sequence number seen.</li>
 *   <li>{@code ...:{id}:highest}: the highest sequence number ever appended. Deletion never
 *       touches it, so it survives deleting every event.</li>
 * </ul>
 * plus one set {@code ...:pids} of the persistence ids ever written to.
 */
public final class JournalCommands {
  /** Sequence numbers are sorted set scores (doubles), exact up to 2^53. */
  public static final long MAX_SEQUENCE_NR = 1L << 53;

  // All or nothing: every sequence number is checked before anything is written, and a script
  // is not interrupted by other clients' commands. Redis checks maxmemory only before the
  // first write of a script, so an out-of-memory condition cannot stop it halfway either.
  private static final LuaScript APPEND = LuaScript.of("append", """
      -- KEYS[1] events (sorted set), KEYS[2] highest sequence number (string)
      -- ARGV: seqNr1, record1, seqNr2, record2, ... in ascending order
      -- Returns {1, previous highest}, or {0, highest so far, refused seqNr} writing nothing.
      local stored = redis.call('GET', KEYS[2]) or '0'
      local last = tonumber(stored)
      if last == nil then
        return redis.error_reply('highest sequence number is not a number: ' .. stored)
      end
      local lastText = stored
      for i = 1, #ARGV, 2 do
        local seq = tonumber(ARGV[i])
        if seq == nil or seq <= last then
          return {0, lastText, ARGV[i]}
        end
        last = seq
        lastText = ARGV[i]
      end
      for i = 1, #ARGV, 2 do
        redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1])
      end
      redis.call('SET', KEYS[2], lastText)
      return {1, stored}
      """);

  /** One encoded event, ready to append. */
  public record Encoded(long sequenceNr, byte[] record) {}

  private final RedisEndpoint redis;
  private final Keys keys;
  private final Payloads payloads;
  private final int pageSize;
  private final byte[] pidsKey;
  private final LoggingAdapter log;

  public JournalCommands(RedisEndpoint redis, Keys keys, Payloads payloads, int pageSize,
      LoggingAdapter log) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("replay-page-size must be positive, was " + pageSize);
    }
    this.redis = redis;
    this.keys = keys;
    this.payloads = payloads;
    this.pageSize = pageSize;
    this.pidsKey = keys.global("pids");
    this.log = log;
  }

  /**
   * Appends the events of one persistence id atomically. Every sequence number must be above
   * the highest one stored (deleted events included) and above the previous one of the call;
   * otherwise nothing is written and the future fails with SEQUENCE_NUMBER_TAKEN.
   */
  public CompletableFuture<Void> append(String persistenceId, List<Encoded> events) {
    byte[][] args = new byte[events.size() * 2][];
    for (int i = 0; i < events.size(); i++) {
      args[2 * i] = ascii(events.get(i).sequenceNr());
      args[2 * i + 1] = events.get(i).record();
    }
    long first = events.get(0).sequenceNr();
    long last = events.get(events.size() - 1).sequenceNr();
    String what = "appending events " + first + ".." + last + " of persistence id '"
        + persistenceId + "'";
    return redis.eval(APPEND, what,
            new byte[][] {keys.of(persistenceId, "events"), keys.of(persistenceId, "highest")},
            args)
        .thenCompose(reply -> {
          String stored = text(reply.get(1));
          if (((Long) reply.get(0)) == 0L) {
            throw new RedisPersistenceException(Reason.SEQUENCE_NUMBER_TAKEN, "Refused "
                + what + ": sequence number " + text(reply.get(2)) + " is not above " + stored
                + ", the highest one already stored or written before it in this call. Is a"
                + " second writer using this persistence id? Nothing of this write is stored.",
                null);
          }
          return "0".equals(stored) ? register(persistenceId)
              : CompletableFuture.<Void>completedFuture(null);
        });
  }

  /**
   * Adds a new persistence id to the set of known ids. Kept out of the append script so that
   * every key the script touches is in the id's own hash slot (Redis Cluster). The set is an
   * index for queries, not the source of truth, so a failure is logged, not raised: the events
   * are stored.
   */
  private CompletableFuture<Void> register(String persistenceId) {
    return redis.run("registering persistence id '" + persistenceId + "'",
            c -> c.sadd(pidsKey, persistenceId.getBytes(StandardCharsets.UTF_8)))
        .handle((added, error) -> {
          if (error != null) {
            log.warning("Persistence id '{}' is stored but missing from the set of known ids: {}",
                persistenceId, error.getMessage());
          }
          return null;
        });
  }

  /**
   * Replays in pages keyed on the last sequence number seen, never on sequence number windows,
   * so gaps of any width (deleted or never written events) are stepped over.
   */
  public CompletableFuture<Void> replay(String persistenceId, long from, long to, long max,
      Consumer<PersistentRepr> callback) {
    long start = Math.max(1, from);
    if (max <= 0 || to < start) {
      return CompletableFuture.completedFuture(null);
    }
    return page(persistenceId, keys.of(persistenceId, "events"), start, to, max, callback);
  }

  private CompletableFuture<Void> page(String persistenceId, byte[] key, long next, long to,
      long remaining, Consumer<PersistentRepr> callback) {
    long limit = Math.min(pageSize, remaining);
    return redis.run("replaying events of persistence id '" + persistenceId + "' from "
            + next, c -> c.zrangebyscoreWithScores(key, Range.create(next, to),
                Limit.create(0, limit)))
        .thenCompose(page -> {
          for (ScoredValue<byte[]> sv : page) {
            callback.accept(toRepr(persistenceId, (long) sv.getScore(), sv.getValue()));
          }
          if (page.size() < limit || remaining == page.size()) {
            return CompletableFuture.completedFuture(null);
          }
          long last = (long) page.get(page.size() - 1).getScore();
          if (last >= to) {
            return CompletableFuture.completedFuture(null);
          }
          return page(persistenceId, key, last + 1, to, remaining - page.size(), callback);
        });
  }

  private PersistentRepr toRepr(String persistenceId, long seq, byte[] value) {
    Records.Event e;
    try {
      e = Records.decodeEvent(value);
    } catch (Records.FormatException fe) {
      throw Payloads.malformed("event", persistenceId, "sequence number", seq, fe);
    }
    if (e.sequenceNr() != seq) {
      throw Payloads.malformed("event", persistenceId, "sequence number", seq,
          new Records.FormatException("the record holds sequence number " + e.sequenceNr()));
    }
    Object payload = payloads.decode(e.payload(), "event", persistenceId, "sequence number", seq);
    PersistentRepr repr = PersistentRepr.apply(payload, seq, persistenceId, e.adapterManifest(),
        false, ActorRef.noSender(), e.writerUuid()).withTimestamp(e.timestamp());
    if (e.metadata() != null) {
      repr = repr.withMetadata(payloads.decode(e.metadata(), "event metadata", persistenceId,
          "sequence number", seq));
    }
    return repr;
  }

  /** The highest sequence number ever appended, deleted events included; 0 when none. */
  public CompletableFuture<Long> highest(String persistenceId) {
    return redis.run("reading the highest sequence number of persistence id '" + persistenceId
            + "'", c -> c.get(keys.of(persistenceId, "highest")))
        .thenApply(value -> {
          if (value == null) {
            return 0L;
          }
          String s = new String(value, StandardCharsets.UTF_8);
          try {
            return Long.parseLong(s);
          } catch (NumberFormatException e) {
            throw new IllegalStateException("The highest sequence number stored for persistence"
                + " id '" + persistenceId + "' is not a number: '" + s + "'", e);
          }
        });
  }

  /** Removes the events up to {@code to}; the highest sequence number stays. */
  public CompletableFuture<Void> deleteTo(String persistenceId, long to) {
    if (to < 1) {
      return CompletableFuture.completedFuture(null);
    }
    return redis.run("deleting events up to " + to + " of persistence id '" + persistenceId
            + "'", c -> c.zremrangebyscore(keys.of(persistenceId, "events"),
                Range.from(Range.Boundary.<Long>unbounded(), Range.Boundary.including(to))))
        .thenApply(removed -> null);
  }

  static byte[] ascii(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  static String text(Object reply) {
    return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
        : String.valueOf(reply);
  }
}
