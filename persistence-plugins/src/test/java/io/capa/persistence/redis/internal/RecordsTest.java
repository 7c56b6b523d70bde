package io.capa.persistence.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.persistence.jdbc.internal.PayloadCodec.Serialized;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordsTest {
  private static final Serialized PAYLOAD = new Serialized(20, "manifest-ä", new byte[] {1, 2, 3});
  private static final Serialized META = new Serialized(33, "", new byte[] {});

  @Test
  void event_roundTrips() throws Exception {
    Records.Event e = new Records.Event(42, 1_700_000_000_000L, "writer-1", "adapter-v2",
        PAYLOAD, META, List.of("blue", "grün"));
    Records.Event back = Records.decodeEvent(Records.encode(e));
    assertThat(back.sequenceNr()).isEqualTo(42);
    assertThat(back.timestamp()).isEqualTo(1_700_000_000_000L);
    assertThat(back.writerUuid()).isEqualTo("writer-1");
    assertThat(back.adapterManifest()).isEqualTo("adapter-v2");
    assertThat(back.payload().serializerId()).isEqualTo(20);
    assertThat(back.payload().manifest()).isEqualTo("manifest-ä");
    assertThat(back.payload().bytes()).containsExactly(1, 2, 3);
    assertThat(back.metadata().serializerId()).isEqualTo(33);
    assertThat(back.tags()).containsExactly("blue", "grün");
  }

  @Test
  void snapshotAndState_roundTrip() throws Exception {
    Records.Snapshot s = Records.decodeSnapshot(
        Records.encode(new Records.Snapshot(7, -5, PAYLOAD, null)));
    assertThat(s.sequenceNr()).isEqualTo(7);
    assertThat(s.timestamp()).isEqualTo(-5);
    assertThat(s.metadata()).isNull();
    Records.State tombstone = Records.decodeState(
        Records.encode(new Records.State(3, 9, null, null)));
    assertThat(tombstone.revision()).isEqualTo(3);
    assertThat(tombstone.tag()).isEmpty();
    assertThat(tombstone.value()).isNull();
  }

  @Test
  void decode_firstByteIsFormatVersion() {
    byte[] record = Records.encode(new Records.State(1, 1, "t", PAYLOAD));
    assertThat(record[0]).isEqualTo(Records.FORMAT_VERSION);
    record[0] = 2;
    assertThatThrownBy(() -> Records.decodeState(record))
        .hasMessageContaining("unknown record format version 2");
  }

  @Test
  void decode_otherKind_isRejected() {
    byte[] snapshot = Records.encode(new Records.Snapshot(1, 1, PAYLOAD, null));
    assertThatThrownBy(() -> Records.decodeEvent(snapshot))
        .hasMessageContaining("not an event record");
  }

  @Test
  void decode_everyTruncation_isRejectedNeverMisread() {
    byte[] whole = Records.encode(new Records.Event(1, 2, "w", "m", PAYLOAD, META,
        List.of("t")));
    for (int n = 0; n < whole.length; n++) {
      byte[] cut = Arrays.copyOf(whole, n);
      assertThatThrownBy(() -> Records.decodeEvent(cut)).as("cut to %d bytes", n)
          .isInstanceOf(Records.FormatException.class);
    }
    byte[] longer = Arrays.copyOf(whole, whole.length + 1);
    assertThatThrownBy(() -> Records.decodeEvent(longer))
        .hasMessageContaining("1 unexpected bytes");
  }

  @Test
  void decode_lengthBeyondTheRecord_isRejected() {
    byte[] record = Records.encode(new Records.State(1, 1, "", PAYLOAD));
    // The tag length (an int after version, kind and two longs) claims more than is there.
    record[18] = 0x7f;
    assertThatThrownBy(() -> Records.decodeState(record))
        .isInstanceOf(Records.FormatException.class).hasMessageContaining("length");
  }
}
