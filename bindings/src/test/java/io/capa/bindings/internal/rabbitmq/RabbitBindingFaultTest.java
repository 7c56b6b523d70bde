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
import io.capa.bindings.api.ComponentBindingService;
import io.capa.bindings.api.InputBindings;
import io.capa.bindings.spi.BindingStreams;
import io.capa.components.testkit.MapComponents;
import io.capa.bindings.testing.RecordingTarget;
import io.capa.bindings.testing.TestConfigs;
import io.capa.components.api.ComponentParseException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The RabbitMQ binding under faults: bad metadata, refused deliveries, the broker away or restarted. */
class RabbitBindingFaultTest {

  private static Map<String, String> md(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static InputBindings run(RabbitBinding binding, RecordingTarget target) {
    MapComponents components = new MapComponents().put("rb", binding);
    InputBindings run = new InputBindings(components, (n, s) -> target, new ComponentBindingService(components),
        BindingStreams.materializer(), TestConfigs.SCHEDULER, TestConfigs.BLOCKING);
    run.start();
    return run;
  }

  @Test
  void create_wrongTypedMetadata_namesTheField() {
    for (Map<String, String> bad : List.of(
        md("prefetchCount", "abc"), md("prefetchCount", "-1"), md("maxPriority", "300"), md("durable", "maybe"),
        md("ttlInSeconds", "soon"), md("reconnectWait", "later"))) {
      String field = bad.keySet().iterator().next();
      Map<String, String> m = md("host", RabbitTesting.SHARED, "queueName", "q");
      m.putAll(bad);
      assertThatThrownBy(() -> RabbitTesting.create("rb", m))
          .isInstanceOf(ComponentParseException.class).hasMessageContaining(field)
          .hasMessageContaining(bad.get(field).isEmpty() ? field : bad.get(field)).hasMessageContaining("rb.yaml");
    }
    assertThatThrownBy(() -> RabbitTesting.create("rb", md("host", "http://127.0.0.1", "queueName", "q")))
        .isInstanceOf(ComponentParseException.class).hasMessageContaining("host");
    assertThatThrownBy(() -> RabbitTesting.create("rb", md("host", RabbitTesting.SHARED)))
        .isInstanceOf(ComponentParseException.class).hasMessageContaining("queueName");
  }

  @Test
  void invoke_badTtlOrPriority_isInvalidRequestAndTheBindingKeepsServing() throws Exception {
    String queue = RabbitTesting.queue();
    try (Connection conn = RabbitTesting.connect(RabbitTesting.SHARED);
        RabbitBinding binding = RabbitTesting.create("rb", md("host", RabbitTesting.SHARED, "queueName", queue,
            "maxPriority", "5", "direction", "output"))) {
      Channel ch = conn.createChannel();
      ComponentBindingService service = new ComponentBindingService(new MapComponents().put("rb", binding));
      await("healthy", 30, () -> binding.health().up());
      try {
        for (Map<String, String> bad : List.of(Map.of("ttlInSeconds", "abc"), Map.of("ttlInSeconds", "-3"),
            Map.of("priority", "high"), Map.of("priority", "256"))) {
          String field = bad.keySet().iterator().next();
          assertThatThrownBy(() -> service.invoke(new BindingRequest("rb", "create", new byte[] {1}, bad))
                  .toCompletableFuture().join())
              .cause().isInstanceOf(CapaException.class).hasMessageContaining(field)
              .satisfies(e -> assertThat(((CapaException) e).errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST));
        }
        service.invoke(new BindingRequest("rb", "create", "fine".getBytes(StandardCharsets.UTF_8),
            Map.of("priority", "4", "ttlInSeconds", "60"))).toCompletableFuture().get(30, TimeUnit.SECONDS);
        GetResponse got = ch.basicGet(queue, true);
        assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("fine");
        assertThat(got.getProps().getPriority()).isEqualTo(4);
        assertThat(got.getProps().getExpiration()).isEqualTo("60000");
        assertThat(ch.basicGet(queue, true)).as("nothing else was published").isNull();
      } finally {
        ch.queueDelete(queue);
      }
    }
  }

  @Test
  void input_targetKeepsRefusing_isRequeuedAndComesAgain() throws Exception {
    String queue = RabbitTesting.queue();
    RecordingTarget target = new RecordingTarget();
    target.behave(v -> target.received.size() <= 2
        ? CompletableFuture.failedFuture(new IllegalStateException("cannot parse " + v))
        : CompletableFuture.completedFuture(new byte[0]));
    try (Connection conn = RabbitTesting.connect(RabbitTesting.SHARED);
        RabbitBinding binding = RabbitTesting.create("rb", md("host", RabbitTesting.SHARED, "queueName", queue,
            "maxRetries", "1", "retryBackoff", "10ms", "prefetchCount", "4", "direction", "input"));
        InputBindings run = run(binding, target)) {
      Channel ch = conn.createChannel();
      try {
        await("healthy", 30, () -> binding.health().up());
        ch.basicPublish("", queue, null, "garbage{".getBytes(StandardCharsets.UTF_8));
        await("delivered again after the requeue", 30, () -> target.received.size() >= 3);
        assertThat(target.received).containsOnly("garbage{");
        assertThat(target.metadata.get(2)).containsEntry("redelivered", "true");
        // An unacknowledged delivery would be back in the queue once the binding's connection is gone.
        run.close();
        binding.close();
        await("the binding's consumer gone", 30, () -> state(ch, queue).getConsumerCount() == 0);
        assertThat(state(ch, queue).getMessageCount()).isZero();
      } finally {
        ch.queueDelete(queue);
      }
    }
  }

  private static com.rabbitmq.client.AMQP.Queue.DeclareOk state(Channel ch, String queue) {
    try {
      return ch.queueDeclarePassive(queue);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void health_brokerDownAtStart_thenRestartedMidStream_recoversAndLosesNothingAcknowledged() throws Exception {
    int count = 600;
    try (PrivateRabbit broker = new PrivateRabbit()) {
      String queue = RabbitTesting.queue();
      RecordingTarget target = new RecordingTarget();
      target.behave(v -> CompletableFuture.supplyAsync(() -> new byte[0],
          CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS, TestConfigs.BLOCKING)));
      RabbitBinding binding = RabbitTesting.create("rb", md("host", broker.uri(), "queueName", queue,
          "durable", "true", "prefetchCount", "16", "reconnectWait", "500ms"));
      try (InputBindings run = run(binding, target)) {
        await("a connect attempt reports the broker unreachable", 30,
            () -> binding.health().detail().contains("cannot connect"));
        assertThatThrownBy(() -> binding.invoke(BindingRequest.of("rb", "create", new byte[] {1})).toCompletableFuture().join())
            .cause().isInstanceOf(CapaException.class)
            .satisfies(e -> assertThat(((CapaException) e).errorCode()).isEqualTo(ErrorCode.COMPONENT_FAILED));

        broker.start();
        await("healthy after the broker came up: " + binding.health(), 60, () -> binding.health().up());
        for (int i = 0; i < count; i++) {
          binding.invoke(BindingRequest.of("rb", "create", ("m" + i).getBytes(StandardCharsets.UTF_8)))
              .toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        await("a sixth of the messages handled", 60, () -> target.received.size() >= count / 6);
        int before = new HashSet<>(target.received).size();
        broker.stop();
        broker.start();
        await("every message handled at least once: " + new HashSet<>(target.received).size(), 120,
            () -> new HashSet<>(target.received).size() == count);
        assertThat(before).isLessThan(count);
      } finally {
        binding.close();
      }
    }
  }
}
