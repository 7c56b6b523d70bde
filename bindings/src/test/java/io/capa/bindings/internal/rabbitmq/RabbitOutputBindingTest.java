package io.capa.bindings.internal.rabbitmq;

import static io.capa.bindings.testing.TestConfigs.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.bindings.spi.OutputBinding;
import io.capa.bindings.spi.OutputBindingConformance;
import io.capa.bindings.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code bindings.rabbitmq} output against the shared RabbitMQ, a queue per test. */
class RabbitOutputBindingTest extends OutputBindingConformance {
  private String queue;
  private final List<String> drained = new CopyOnWriteArrayList<>();

  @Override
  protected OutputBinding createBinding() throws Exception {
    queue = RabbitQueues.fresh();
    return create(RabbitQueues.HOST);
  }

  private OutputBinding create(String host) throws Exception {
    return (OutputBinding) new RabbitBindingFactory().create(TestConfigs.config(NAME, "bindings.rabbitmq", Map.of(
        "host", host, "queueName", queue, "direction", "output")), TestConfigs.context());
  }

  @AfterAll
  static void deleteQueues() throws Exception {
    RabbitQueues.deleteAll();
  }

  @Override
  protected BindingRequest validRequest(String name, int n) {
    return new BindingRequest(name, "create", ("r" + n).getBytes(StandardCharsets.UTF_8), Map.of());
  }

  @Override
  protected void assertEffect(BindingRequest sent, BindingResponse response) throws Exception {
    String value = new String(sent.data(), StandardCharsets.UTF_8);
    assertThat(response.metadata()).containsEntry("queue", queue);
    // Confirmed means the broker has it: it is in the queue now.
    try (Connection c = RabbitQueues.connect(); Channel ch = c.createChannel()) {
      GetResponse got;
      while (!drained.contains(value) && (got = ch.basicGet(queue, true)) != null) {
        drained.add(new String(got.getBody(), StandardCharsets.UTF_8));
      }
    }
    assertThat(drained).contains(value);
  }

  @Test
  void invoke_badTtlOrPriority_isInvalidRequest() {
    assertThatThrownBy(() -> service.invoke(new BindingRequest(NAME, "create", new byte[0], Map.of("priority", "999")))
            .toCompletableFuture().join())
        .isInstanceOf(CompletionException.class).cause().isInstanceOf(CapaException.class)
        .hasMessageContaining("priority")
        .satisfies(e -> assertThat(((CapaException) e).errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST));
    assertThatThrownBy(() -> service.invoke(new BindingRequest(NAME, "create", new byte[0], Map.of("ttlInSeconds", "x")))
            .toCompletableFuture().join())
        .cause().hasMessageContaining("ttlInSeconds");
  }

  @Test
  void create_badHostOrMissingQueue_namesTheField() {
    assertThatThrownBy(() -> create("http://x")).hasMessageContaining("host");
    assertThatThrownBy(() -> new RabbitBindingFactory().create(TestConfigs.config(NAME, "bindings.rabbitmq",
        Map.of("host", RabbitQueues.HOST)), TestConfigs.context())).hasMessageContaining("queueName");
  }

  @Test
  void brokerDown_isUnhealthyAndFailsFast() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    OutputBinding down = create("amqp://guest:guest@127.0.0.1:" + port);
    try {
      await("a failed connection", 30, () -> down.health().detail().contains("cannot connect"));
      assertThatThrownBy(() -> down.invoke(BindingRequest.of(NAME, "create", new byte[] {1})).toCompletableFuture().join())
          .cause().isInstanceOf(CapaException.class).hasMessageContaining("cannot connect");
    } finally {
      down.close();
    }
  }
}
