package io.capa.pubsub.faults;

import io.capa.kafka.testkit.EmbeddedKafka;
import java.nio.file.Path;
import java.util.Map;

/** Kafka in the test JVM (kafka-testkit), stopped and started on the same ports and data. */
class KafkaFaultTest extends BrokerFaults {
  private EmbeddedKafka kafka;

  @Override
  protected String type() {
    return "pubsub.kafka";
  }

  @Override
  protected Map<String, String> metadata(int port) {
    return Map.of("brokers", kafka.bootstrapServers(), "consumerGroup", "faults", "initialOffset", "oldest");
  }

  @Override
  protected Server server(int port, Path dir) {
    // Started once and stopped, so its address is known before the broker component is created.
    kafka = EmbeddedKafka.builder().build().start();
    kafka.stop();
    return new Server() {
      @Override
      public void start() {
        kafka.start();
      }

      @Override
      public void stop() {
        kafka.stop();
      }

      @Override
      public void close() {
        kafka.close();
      }
    };
  }
}
