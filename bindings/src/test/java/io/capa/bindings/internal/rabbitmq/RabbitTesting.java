package io.capa.bindings.internal.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.capa.bindings.testing.TestConfigs;
import java.util.Map;
import java.util.UUID;

/** A plain client beside the binding, for the tests: declares, publishes, reads and deletes queues. */
final class RabbitTesting {
  static final String SHARED = "amqp://guest:guest@127.0.0.1:5672";

  private RabbitTesting() {}

  static String queue() {
    return "capa-test-" + UUID.randomUUID();
  }

  static Connection connect(String uri) throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setUri(uri);
    return f.newConnection("capa-binding-test");
  }

  /** Declares {@code queue} as the binding does with default metadata (not durable, no arguments). */
  static void declare(Channel ch, String queue) throws Exception {
    ch.queueDeclare(queue, false, false, false, Map.of());
  }

  static RabbitBinding create(String name, Map<String, String> metadata) {
    return (RabbitBinding) new RabbitBindingFactory().create(
        TestConfigs.config(name, "bindings.rabbitmq", metadata), TestConfigs.context());
  }
}
