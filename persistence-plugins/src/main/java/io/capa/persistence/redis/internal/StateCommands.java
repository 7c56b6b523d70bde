package io.capa.persistence.redis.internal;

import static io.capa.persistence.redis.internal.JournalCommands.ascii;
import static io.capa.persistence.redis.internal.JournalCommands.text;

import io.capa.persistence.jdbc.RevisionConflictException;
import io.capa.persistence.jdbc.internal.PayloadCodec.Serialized;
import io.capa.persistence.redis.UnreadableRecordException;
import io.lettuce.core.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.persistence.state.exception.DeleteRevisionException;
import org.apache.pekko.persistence.state.javadsl.GetObjectResult;

/**
 * INTERNAL API. The Redis side of the durable state store: one hash per persistence id,
 * {@code ...:{id}} with the fields {@code rev} (the revision, as text) and {@code val} (the
 * state record; a tombstone record after a delete). The revision check and the write are one
 * script, so of two writers of the same revision exactly one wins.
 */
public final class StateCommands {
  private static final byte[] REV = "rev".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VAL = "val".getBytes(StandardCharsets.US_ASCII);

  private static final LuaScript WRITE = LuaScript.of("state-write", """
      -- KEYS[1] state hash; ARGV: revision, record
      -- Writes only when the stored revision is revision - 1 (no state counts as 0).
      -- Returns {1, previous revision}, or {0, stored revision} writing nothing.
      local stored = redis.call('HGET', KEYS[1], 'rev') or '0'
      local n = tonumber(stored)
      if n == nil then
        return redis.error_reply('the stored revision is not a number: ' .. stored)
      end
      if n ~= tonumber(ARGV[1]) - 1 then
        return {0, stored}
      end
      redis.call('HSET', KEYS[1], 'rev', ARGV[1], 'val', ARGV[2])
      return {1, stored}
      """);

  private final RedisEndpoint redis;
  private final Keys keys;
  private final Payloads payloads;

  public StateCommands(RedisEndpoint redis, Keys keys, Payloads payloads) {
    this.redis = redis;
    this.keys = keys;
    this.payloads = payloads;
  }

  /**
   * Writes revision {@code revision}, a tombstone when {@code value} is null.
   *
   * @throws IllegalArgumentException when the revision is below 1
   */
  public CompletableFuture<Void> write(String persistenceId, long revision, Serialized value,
      String tag) {
    if (revision < 1) {
      throw new IllegalArgumentException(
          "revision of durable state '" + persistenceId + "' must be >= 1, was " + revision);
    }
    boolean delete = value == null;
    byte[] record = Records.encode(
        new Records.State(revision, System.currentTimeMillis(), tag, value));
    return redis.eval(WRITE, (delete ? "deleting" : "writing") + " revision " + revision
            + " of durable state '" + persistenceId + "'",
            new byte[][] {keys.of(persistenceId, "")}, ascii(revision), record)
        .thenApply(reply -> {
          if (((Long) reply.get(0)) == 1L) {
            return null;
          }
          long stored = Long.parseLong(text(reply.get(1)));
          if (delete) {
            throw new DeleteRevisionException("Cannot delete durable state '" + persistenceId
                + "' as revision " + revision + ": it requires stored revision "
                + (revision - 1) + ", but the stored revision is " + stored);
          }
          throw new RevisionConflictException(persistenceId, revision, stored);
        });
  }

  /** The state and its revision; a deleted state reads as empty with the delete's revision. */
  public <A> CompletableFuture<GetObjectResult<A>> get(String persistenceId) {
    return redis.run("reading durable state '" + persistenceId + "'",
            c -> c.hmget(keys.of(persistenceId, ""), REV, VAL))
        .thenApply(fields -> toResult(persistenceId, fields));
  }

  private <A> GetObjectResult<A> toResult(String persistenceId,
      List<KeyValue<byte[], byte[]>> fields) {
    KeyValue<byte[], byte[]> rev = fields.get(0);
    KeyValue<byte[], byte[]> val = fields.get(1);
    if (!rev.hasValue() && !val.hasValue()) {
      return new GetObjectResult<>(Optional.empty(), 0L);
    }
    long revision;
    try {
      revision = Long.parseLong(rev.hasValue() ? text(rev.getValue()) : "missing");
    } catch (NumberFormatException e) {
      throw new UnreadableRecordException("durable state", persistenceId,
          "its revision field is " + (rev.hasValue() ? "'" + text(rev.getValue()) + "'"
              : "missing") + ", not a number");
    }
    Records.State s;
    try {
      if (!val.hasValue()) {
        throw new Records.FormatException("the value field is missing");
      }
      s = Records.decodeState(val.getValue());
      if (s.revision() != revision) {
        throw new Records.FormatException("the record holds revision " + s.revision());
      }
    } catch (Records.FormatException fe) {
      throw Payloads.malformed("durable state", persistenceId, "revision", revision, fe);
    }
    if (s.value() == null) {
      return new GetObjectResult<>(Optional.empty(), revision);
    }
    @SuppressWarnings("unchecked")
    A typed = (A) payloads.decode(s.value(), "durable state", persistenceId, "revision",
        revision);
    return new GetObjectResult<>(Optional.of(typed), revision);
  }

  /** Removes the state whatever its revision; the next write starts again at revision 1. */
  public CompletableFuture<Void> purge(String persistenceId) {
    return redis.run("removing durable state '" + persistenceId + "'",
            c -> c.del(keys.of(persistenceId, "")))
        .thenApply(n -> null);
  }
}
