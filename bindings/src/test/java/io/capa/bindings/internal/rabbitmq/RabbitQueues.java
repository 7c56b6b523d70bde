package io.capa.bindings.internal.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Queues with random names on the shared RabbitMQ, deleted after the tests. */
final class RabbitQueues {
  static final String HOST = "amqp://guest:guest@127.0.0.1:5672";
  private static final List<String> CREATED = new CopyOnWriteArrayList<>();

  private RabbitQueues() {}

  static String fresh() {
    String name = "capa-binding-test-" + UUID.randomUUID();
    CREATED.add(name);
    return name;
  }

  static Connection connect() throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setUri(HOST);
    return f.newConnection("capa-binding-test");
  }

  static void deleteAll() throws Exception {
    try (Connection c = connect(); Channel ch = c.createChannel()) {
      for (String q : CREATED) {
        ch.queueDelete(q);
      }
    }
    CREATED.clear();
  }
}
