package io.capa.bindings.internal.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.capa.bindings.spi.InputBinding;
import io.capa.bindings.spi.InputBindingConformance;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

/** The input conformance suite against the shared RabbitMQ, on a fresh queue per test. */
class RabbitInputBindingTest extends InputBindingConformance {
  private static Connection connection;
  private static Channel channel;
  private String queue;

  @Override
  protected void prepareSource() throws Exception {
    if (connection == null) {
      connection = RabbitTesting.connect(RabbitTesting.SHARED);
      channel = connection.createChannel();
    }
    queue = RabbitTesting.queue();
    RabbitTesting.declare(channel, queue);
  }

  @AfterEach
  void deleteQueue() throws Exception {
    channel.queueDelete(queue);
  }

  @AfterAll
  static void closeConnection() throws Exception {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }

  @Override
  protected InputBinding createBinding() {
    return RabbitTesting.create(NAME, Map.of(
        "host", RabbitTesting.SHARED,
        "queueName", queue,
        "prefetchCount", "32",
        "direction", "input",
        "maxRetries", "2",
        "retryBackoff", "20ms"));
  }

  @Override
  protected void publish(String value, String key) throws Exception {
    channel.basicPublish("", queue, null, value.getBytes(StandardCharsets.UTF_8));
  }
}
