package io.capa.pubsub.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.capa.pubsub.conformance.PubSubBrokerConformance;
import java.util.Map;

class RabbitMqPubSubConformanceTest extends PubSubBrokerConformance {
  private static final String URI = "amqp://guest:guest@127.0.0.1:5672";

  @Override
  protected String type() {
    return "pubsub.rabbitmq";
  }

  @Override
  protected Map<String, String> metadata() {
    return Map.of("connectionString", URI, "durable", "false", "prefetchCount", "16");
  }

  /** Exchanges and queues of this test's topics carry its suffix; remove them. */
  @Override
  protected void cleanUp() throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setUri(URI);
    try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
      for (String name : new String[] {"roundtrip", "bulk", "order", "redeliver", "retry", "dead", "drop", "dropped",
          "groups", "share", "raw", "binary", "meta"}) {
        String topic = topic(name);
        ch.exchangeDelete(topic);
        for (String group : new String[] {APP, "g-" + suffix, "d-" + suffix, "a-" + suffix, "b-" + suffix,
            "shared-" + suffix, "wrapped-" + suffix, "meta-" + suffix}) {
          ch.queueDelete(group + "-" + topic);
        }
      }
    }
  }
}
