package io.capa.persistence.redis.internal;

import io.capa.persistence.jdbc.UnreadableRowException;
import io.capa.persistence.jdbc.internal.PayloadCodec;
import io.capa.persistence.jdbc.internal.PayloadCodec.Serialized;
import io.capa.persistence.redis.UnreadableRecordException;
import org.apache.pekko.actor.ActorSystem;

/**
 * INTERNAL API. Pekko Serialization for the Redis plugins: the JDBC plugins' codec (same triple
 * of serializer id, manifest and bytes), with failures reported as
 * {@link UnreadableRecordException}.
 */
public final class Payloads {
  private final PayloadCodec codec;

  public Payloads(ActorSystem system) {
    this.codec = new PayloadCodec(system);
  }

  /** Throws when no serializer is bound or the serializer rejects the value. */
  public Serialized encode(Object value) {
    return codec.encode(value);
  }

  /**
   * @param what names the value in the error, e.g. "event" or "snapshot metadata"
   * @param position "sequence number" or "revision"
   */
  public Object decode(Serialized s, String what, String persistenceId, String position,
      long number) {
    try {
      return codec.decode(s, what, persistenceId, number);
    } catch (UnreadableRowException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new UnreadableRecordException(what, persistenceId, position, number,
          "serializer id " + s.serializerId() + " with manifest '" + s.manifest()
              + "' cannot read its " + s.bytes().length + " bytes: " + cause, cause);
    }
  }

  /** The failure for a value whose record itself cannot be parsed. */
  public static UnreadableRecordException malformed(String what, String persistenceId,
      String position, long number, Records.FormatException e) {
    return new UnreadableRecordException(what, persistenceId, position, number, e.getMessage(),
        e);
  }
}
