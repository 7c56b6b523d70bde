package io.capa.bindings.internal.kafka;

import io.capa.bindings.testing.SharedKafka;
import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.bindings.spi.OutputBinding;
import io.capa.bindings.spi.OutputBindingConformance;
import io.capa.bindings.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;

class KafkaOutputBindingTest extends OutputBindingConformance {
  private static KafkaConsumer<byte[], byte[]> reader;
  private String topic;

  @Override
  protected OutputBinding createBinding() {
    topic = SharedKafka.topic();
    if (reader == null) {
      reader = SharedKafka.reader(SharedKafka.get().bootstrapServers());
    }
    return (OutputBinding) new KafkaBindingFactory().create(TestConfigs.config(NAME, "bindings.kafka", Map.of(
        "brokers", SharedKafka.get().bootstrapServers(),
        "publishTopic", topic,
        "direction", "output")), TestConfigs.context());
  }

  @AfterAll
  static void closeReader() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }

  @Override
  protected BindingRequest validRequest(String name, int n) {
    return new BindingRequest(name, "create", SharedKafka.utf8("payload-" + n),
        Map.of("key", "key-" + n, "trace", "t" + n));
  }

  @Override
  protected void assertEffect(BindingRequest sent, BindingResponse response) {
    assertThat(response.metadata()).containsEntry("topic", topic).containsKeys("partition", "offset");
    ConsumerRecord<byte[], byte[]> r = SharedKafka.readAt(reader, topic,
        Integer.parseInt(response.metadata().get("partition")), Long.parseLong(response.metadata().get("offset")));
    assertThat(r.value()).isEqualTo(sent.data());
    assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(sent.metadata().get("key"));
    assertThat(new String(r.headers().lastHeader("trace").value(), StandardCharsets.UTF_8))
        .isEqualTo(sent.metadata().get("trace"));
  }
}
