package io.capa.bindings.internal.kafka;

import io.capa.bindings.testing.SharedKafka;
import io.capa.bindings.spi.InputBinding;
import io.capa.bindings.spi.InputBindingConformance;
import io.capa.bindings.testing.TestConfigs;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;

class KafkaInputBindingTest extends InputBindingConformance {
  private static KafkaProducer<byte[], byte[]> producer;
  private String topic;
  private String group;

  @Override
  protected void prepareSource() {
    topic = SharedKafka.topic();
    group = "g-" + UUID.randomUUID();
    if (producer == null) {
      producer = SharedKafka.producer(SharedKafka.get().bootstrapServers());
    }
  }

  @AfterAll
  static void closeProducer() {
    if (producer != null) {
      producer.close();
      producer = null;
    }
  }

  @Override
  protected InputBinding createBinding() {
    return (InputBinding) new KafkaBindingFactory().create(TestConfigs.config(NAME, "bindings.kafka", Map.of(
        "brokers", SharedKafka.get().bootstrapServers(),
        "topics", topic,
        "consumerGroup", group,
        "initialOffset", "oldest",
        "direction", "input",
        "maxRetries", "2",
        "retryBackoff", "20ms")), TestConfigs.context());
  }

  @Override
  protected void publish(String value, String key) throws Exception {
    producer.send(new ProducerRecord<>(topic, SharedKafka.utf8(key), SharedKafka.utf8(value))).get();
  }
}
