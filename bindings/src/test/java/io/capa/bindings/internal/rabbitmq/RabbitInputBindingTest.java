package io.capa.bindings.internal.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import io.capa.bindings.spi.InputBinding;
import io.capa.bindings.spi.InputBindingConformance;
import io.capa.bindings.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** {@code bindings.rabbitmq} input against the shared RabbitMQ, a queue per test. */
class RabbitInputBindingTest extends InputBindingConformance {
  private String queue;

  @Override
  protected void prepareSource() throws Exception {
    queue = RabbitQueues.fresh();
    try (Connection c = RabbitQueues.connect(); Channel ch = c.createChannel()) {
      ch.queueDeclare(queue, true, false, false, Map.of());
    }
  }

  @AfterAll
  static void deleteQueues() throws Exception {
    RabbitQueues.deleteAll();
  }

  @Override
  protected InputBinding createBinding() throws Exception {
    return (InputBinding) new RabbitBindingFactory().create(TestConfigs.config(NAME, "bindings.rabbitmq", Map.of(
        "host", RabbitQueues.HOST, "queueName", queue, "direction", "input", "prefetchCount", "8",
        "maxRetries", "2", "retryBackoff", "20ms")), TestConfigs.context());
  }

  @Override
  protected void publish(String value, String key) throws Exception {
    try (Connection c = RabbitQueues.connect(); Channel ch = c.createChannel()) {
      ch.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, value.getBytes(StandardCharsets.UTF_8));
    }
  }
}
