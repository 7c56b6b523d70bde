package io.capa.persistence.redis.internal;

import static io.capa.persistence.redis.internal.JournalCommands.ascii;
import static io.capa.persistence.redis.internal.JournalCommands.text;

import io.capa.persistence.jdbc.internal.PayloadCodec.Serialized;
import io.capa.persistence.redis.UnreadableRecordException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import scala.Option;

/**
 * INTERNAL API. The Redis side of the snapshot store. Per persistence id, in one hash slot:
 * <ul>
 *   <li>{@code ...:{id}:index}: a sorted set scored by sequence number whose members are
 *       {@code "<seqNr>:<timestamp>"}, so selection criteria (sequence number and timestamp
 *       bounds) are evaluated inside Redis without fetching any snapshot;</li>
 *   <li>{@code ...:{id}:data}: a hash from sequence number to snapshot record.</li>
 * </ul>
 * Each operation is one script, so the two keys never disagree.
 */
public final class SnapshotCommands {
  private static final String MATCH = "'^(%d+):(%-?%d+)$'";

  private static final LuaScript SAVE = LuaScript.of("snapshot-save", """
      -- KEYS[1] index, KEYS[2] data; ARGV: seqNr, timestamp, record
      -- A snapshot at the same sequence number is replaced.
      redis.call('ZREMRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1])
      redis.call('ZADD', KEYS[1], ARGV[1], ARGV[1] .. ':' .. ARGV[2])
      redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
      return {1}
      """);

  private static final LuaScript LOAD = LuaScript.of("snapshot-load", """
      -- KEYS[1] index, KEYS[2] data; ARGV: minSeqNr, maxSeqNr, minTimestamp, maxTimestamp
      -- Returns {} when nothing matches, {1, seqNr, timestamp, record} for the youngest match,
      -- or {-1, index member} when an index member is malformed.
      local minTs, maxTs = tonumber(ARGV[3]), tonumber(ARGV[4])
      local members = redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[2], ARGV[1])
      for _, m in ipairs(members) do
        local seq, ts = string.match(m, %s)
        if seq == nil then
          return {-1, m}
        end
        local t = tonumber(ts)
        if t >= minTs and t <= maxTs then
          return {1, seq, ts, redis.call('HGET', KEYS[2], seq)}
        end
      end
      return {}
      """.formatted(MATCH));

  private static final LuaScript DELETE_ONE = LuaScript.of("snapshot-delete", """
      -- KEYS[1] index, KEYS[2] data; ARGV: seqNr
      redis.call('ZREMRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1])
      return {redis.call('HDEL', KEYS[2], ARGV[1])}
      """);

  private static final LuaScript DELETE_MATCHING = LuaScript.of("snapshot-delete-matching", """
      -- KEYS[1] index, KEYS[2] data; ARGV: minSeqNr, maxSeqNr, minTimestamp, maxTimestamp
      local minTs, maxTs = tonumber(ARGV[3]), tonumber(ARGV[4])
      local members = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[2])
      local n = 0
      for _, m in ipairs(members) do
        local seq, ts = string.match(m, %s)
        if seq ~= nil then
          local t = tonumber(ts)
          if t >= minTs and t <= maxTs then
            redis.call('ZREM', KEYS[1], m)
            redis.call('HDEL', KEYS[2], seq)
            n = n + 1
          end
        end
      end
      return {n}
      """.formatted(MATCH));

  private final RedisEndpoint redis;
  private final Keys keys;
  private final Payloads payloads;

  public SnapshotCommands(RedisEndpoint redis, Keys keys, Payloads payloads) {
    this.redis = redis;
    this.keys = keys;
    this.payloads = payloads;
  }

  private byte[][] keysOf(String persistenceId) {
    return new byte[][] {keys.of(persistenceId, "index"), keys.of(persistenceId, "data")};
  }

  /** Saves, replacing any snapshot at the same sequence number. */
  public CompletableFuture<Void> save(SnapshotMetadata md, Serialized snapshot,
      Serialized meta) {
    byte[] record = Records.encode(
        new Records.Snapshot(md.sequenceNr(), md.timestamp(), snapshot, meta));
    return redis.eval(SAVE, "saving snapshot " + md.sequenceNr() + " of persistence id '"
            + md.persistenceId() + "'", keysOf(md.persistenceId()),
            ascii(md.sequenceNr()), ascii(md.timestamp()), record)
        .thenApply(reply -> null);
  }

  /** The youngest snapshot matching the criteria. */
  public CompletableFuture<Optional<SelectedSnapshot>> load(String persistenceId,
      SnapshotSelectionCriteria criteria) {
    return redis.eval(LOAD, "loading a snapshot of persistence id '" + persistenceId + "'",
            keysOf(persistenceId), criteriaArgs(criteria))
        .thenApply(reply -> {
          if (reply.isEmpty()) {
            return Optional.empty();
          }
          if (((Long) reply.get(0)) < 0) {
            throw new UnreadableRecordException("the snapshot index", persistenceId,
                "the entry '" + text(reply.get(1)) + "' is not '<seqNr>:<timestamp>'");
          }
          long seq = Long.parseLong(text(reply.get(1)));
          return Optional.of(toSelected(persistenceId, seq, (byte[]) reply.get(3)));
        });
  }

  private SelectedSnapshot toSelected(String persistenceId, long seq, byte[] value) {
    Records.Snapshot s;
    try {
      if (value == null) {
        throw new Records.FormatException("the index lists it, but the data hash has no value");
      }
      s = Records.decodeSnapshot(value);
      if (s.sequenceNr() != seq) {
        throw new Records.FormatException("the record holds sequence number " + s.sequenceNr());
      }
    } catch (Records.FormatException fe) {
      throw Payloads.malformed("snapshot", persistenceId, "sequence number", seq, fe);
    }
    Object snapshot = payloads.decode(s.payload(), "snapshot", persistenceId, "sequence number",
        seq);
    Option<Object> meta = s.metadata() == null ? Option.empty()
        : Option.apply(payloads.decode(s.metadata(), "snapshot metadata", persistenceId,
            "sequence number", seq));
    return SelectedSnapshot.create(
        SnapshotMetadata.apply(persistenceId, seq, s.timestamp(), meta), snapshot);
  }

  public CompletableFuture<Void> delete(SnapshotMetadata md) {
    return redis.eval(DELETE_ONE, "deleting snapshot " + md.sequenceNr()
            + " of persistence id '" + md.persistenceId() + "'", keysOf(md.persistenceId()),
            ascii(md.sequenceNr()))
        .thenApply(reply -> null);
  }

  public CompletableFuture<Void> delete(String persistenceId,
      SnapshotSelectionCriteria criteria) {
    return redis.eval(DELETE_MATCHING, "deleting snapshots of persistence id '" + persistenceId
            + "'", keysOf(persistenceId), criteriaArgs(criteria))
        .thenApply(reply -> null);
  }

  private static byte[][] criteriaArgs(SnapshotSelectionCriteria c) {
    return new byte[][] {ascii(c.minSequenceNr()), ascii(c.maxSequenceNr()),
        ascii(c.minTimestamp()), ascii(c.maxTimestamp())};
  }
}
