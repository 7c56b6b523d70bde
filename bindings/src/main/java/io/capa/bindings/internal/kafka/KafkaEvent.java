package io.capa.bindings.internal.kafka;

import io.capa.bindings.spi.InputEvent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.pekko.kafka.ConsumerMessage.CommittableMessage;
import org.apache.pekko.kafka.ConsumerMessage.CommittableOffset;

/** INTERNAL API. One consumed record; acknowledged through the binding's committer. */
record KafkaEvent(ConsumerRecord<byte[], byte[]> record, CommittableOffset offset, String orderingKey)
    implements InputEvent {

  static KafkaEvent of(CommittableMessage<byte[], byte[]> message) {
    ConsumerRecord<byte[], byte[]> r = message.record();
    return new KafkaEvent(r, message.committableOffset(), r.topic() + "-" + r.partition());
  }

  @Override
  public byte[] data() {
    return record.value() == null ? new byte[0] : record.value();
  }

  @Override
  public Map<String, String> metadata() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Header h : record.headers()) {
      if (h.value() != null) {
        m.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
      }
    }
    m.put("topic", record.topic());
    m.put("partition", String.valueOf(record.partition()));
    m.put("offset", String.valueOf(record.offset()));
    if (record.key() != null) {
      m.put("key", new String(record.key(), StandardCharsets.UTF_8));
    }
    return m;
  }

  /**
   * A single commit, for callers outside {@link KafkaBinding#acknowledger()} (which batches through
   * {@code Committer}); the connector keeps this direct commit only as a deprecated call.
   */
  @Override
  @SuppressWarnings("deprecation")
  public CompletionStage<Void> ack() {
    return offset.commitJavadsl().thenApply(done -> null);
  }
}
