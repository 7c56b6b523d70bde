package io.capa.persistence.jdbc.internal;

import io.capa.persistence.jdbc.UnreadableRowException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serialization$;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * INTERNAL API. Turns payloads into (serializer id, manifest, bytes) with Pekko Serialization and
 * back. A row that cannot be read fails loudly with its persistence id and sequence number.
 */
public final class PayloadCodec {
  private final Serialization serialization;

  public PayloadCodec(ActorSystem system) {
    this.serialization = SerializationExtension.get(system);
  }

  /** A serialized value as stored in the three columns. */
  public record Serialized(int serializerId, String manifest, byte[] bytes) {
    public Serialized {
      if (manifest == null || bytes == null) {
        throw new IllegalArgumentException("manifest and bytes must not be null");
      }
    }
  }

  /** Throws when no serializer is bound or the serializer rejects the value. */
  public Serialized encode(Object value) {
    Serializer serializer = serialization.findSerializerFor(value);
    String manifest = Serializers.manifestFor(serializer, value);
    // Transport information lets serializers write ActorRefs inside payloads. Pekko's helper
    // for it is package-private, so the dynamic variable is set the same way directly.
    byte[] bytes = Serialization$.MODULE$.currentTransportInformation()
        .withValue(serialization.serializationInformation(), () -> serializer.toBinary(value));
    return new Serialized(serializer.identifier(), manifest, bytes);
  }

  /**
   * @param what names the row in the error, e.g. "event" or "snapshot"
   */
  public Object decode(Serialized s, String what, String persistenceId, long sequenceNr) {
    try {
      return serialization.deserialize(s.bytes(), s.serializerId(), s.manifest()).get();
    } catch (Exception | LinkageError e) {
      throw new UnreadableRowException(what, persistenceId, sequenceNr, s.serializerId(),
          s.manifest(), e);
    }
  }
}
