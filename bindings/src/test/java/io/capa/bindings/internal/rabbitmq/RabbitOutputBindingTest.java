package io.capa.bindings.internal.rabbitmq;

import static io.capa.bindings.testing.TestConfigs.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.bindings.spi.OutputBinding;
import io.capa.bindings.spi.OutputBindingConformance;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

/** The output conformance suite against the shared RabbitMQ; a plain client reads the queue. */
class RabbitOutputBindingTest extends OutputBindingConformance {
  private static Connection connection;
  private static Channel channel;
  private String queue;

  @Override
  protected OutputBinding createBinding() throws Exception {
    if (connection == null) {
      connection = RabbitTesting.connect(RabbitTesting.SHARED);
      channel = connection.createChannel();
    }
    queue = RabbitTesting.queue();
    return RabbitTesting.create(NAME, Map.of("host", RabbitTesting.SHARED, "queueName", queue, "direction", "output"));
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
  protected BindingRequest validRequest(String name, int n) {
    return new BindingRequest(name, "create", ("payload-" + n).getBytes(StandardCharsets.UTF_8),
        Map.of("trace", "t" + n, "contentType", "application/x-test"));
  }

  /** Requests are sent in order and confirmed before the next check, so the queue's head is this one. */
  @Override
  protected void assertEffect(BindingRequest sent, BindingResponse response) throws Exception {
    assertThat(response.metadata()).containsEntry("routingKey", queue);
    AtomicReference<GetResponse> got = new AtomicReference<>();
    await("a message in " + queue, 30, () -> {
      try {
        got.set(channel.basicGet(queue, true));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      return got.get() != null;
    });
    assertThat(got.get().getBody()).isEqualTo(sent.data());
    assertThat(got.get().getProps().getContentType()).isEqualTo("application/x-test");
    assertThat(String.valueOf(got.get().getProps().getHeaders().get("trace"))).isEqualTo(sent.metadata().get("trace"));
  }
}
