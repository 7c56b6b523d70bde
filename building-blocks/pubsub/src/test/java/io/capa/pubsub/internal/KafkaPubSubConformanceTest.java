package io.capa.pubsub.internal;

import io.capa.kafka.testkit.EmbeddedKafka;
import io.capa.pubsub.conformance.PubSubBrokerConformance;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Against a Kafka broker running in the test JVM. */
class KafkaPubSubConformanceTest extends PubSubBrokerConformance {
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.builder().brokerProperty("group.initial.rebalance.delay.ms", "0").build().start();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Override
  protected String type() {
    return "pubsub.kafka";
  }

  @Override
  protected Map<String, String> metadata() {
    return Map.of("brokers", kafka.bootstrapServers(), "authType", "none", "consumerGroup", APP + "-" + suffix,
        "initialOffset", "oldest");
  }
}
