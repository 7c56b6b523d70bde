package io.capa.bindings.internal.mqtt;

import static io.capa.bindings.testing.TestConfigs.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;

/** The MQTT binding under faults: bad metadata, the broker away at start or restarted mid-stream. */
class MqttBindingFaultTest {

  private static Map<String, String> md(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void create_qosOutOfRangeOrNotANumber_namesTheField() {
    assertThatThrownBy(() -> MqttTesting.create(md("url", MqttTesting.SHARED, "topic", "t", "qos", "7")))
        .isInstanceOf(ComponentParseException.class).hasMessageContaining("qos").hasMessageContaining("'7'")
        .hasMessageContaining("mq.yaml");
    assertThatThrownBy(() -> MqttTesting.create(md("url", MqttTesting.SHARED, "topic", "t", "qos", "abc")))
        .isInstanceOf(ComponentParseException.class).hasMessageContaining("qos").hasMessageContaining("abc");
  }

  @Test
  void create_badUrlOrMissingTopic_namesTheField() {
    assertThatThrownBy(() -> MqttTesting.create(md("url", "http://127.0.0.1:1883", "topic", "t")))
        .isInstanceOf(ComponentParseException.class).hasMessageContaining("url").hasMessageContaining("http://");
    assertThatThrownBy(() -> MqttTesting.create(md("url", MqttTesting.SHARED)))
        .isInstanceOf(ComponentParseException.class).hasMessageContaining("topic");
    assertThatThrownBy(() -> MqttTesting.create(md("url", MqttTesting.SHARED, "topic", "t", "retain", "perhaps")))
        .isInstanceOf(ComponentParseException.class).hasMessageContaining("retain").hasMessageContaining("perhaps");
    assertThatThrownBy(() -> MqttTesting.create(md("url", MqttTesting.SHARED, "topic", "t", "backOffMaxRetries", "-5")))
        .isInstanceOf(ComponentParseException.class).hasMessageContaining("backOffMaxRetries");
  }

  @Test
  void create_backOffMaxRetries_becomesMaxRetries() {
    try (MqttBinding b = MqttTesting.create(md("url", MqttTesting.SHARED, "topic", "t", "backOffMaxRetries", "5",
        "direction", "input"))) {
      assertThat(b.inputSettings().maxRetries()).isEqualTo(5);
    }
  }

  @Test
  void invoke_badRetainOrWildcardTopic_isInvalidRequestAndTheBindingKeepsServing() throws Exception {
    String topic = MqttTesting.topic();
    MqttClient reader = MqttTesting.client(MqttTesting.SHARED);
    List<String> got = MqttTesting.subscribe(reader, topic);
    try (MqttBinding binding = MqttTesting.create(md("url", MqttTesting.SHARED, "topic", topic,
        "consumerID", "capa-f-" + UUID.randomUUID(), "direction", "output"))) {
      ComponentBindingService service = new ComponentBindingService(new MapComponents().put("mq", binding));
      await("healthy", 30, () -> binding.health().up());
      for (Map<String, String> bad : List.of(Map.of("retain", "maybe"), Map.of("topic", "a/+/b"), Map.of("topic", " "))) {
        String field = bad.keySet().iterator().next();
        assertThatThrownBy(() -> service.invoke(new BindingRequest("mq", "create", new byte[] {1}, bad))
                .toCompletableFuture().join())
            .cause().isInstanceOf(CapaException.class).hasMessageContaining(field)
            .satisfies(e -> assertThat(((CapaException) e).errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST));
      }
      String other = MqttTesting.topic();
      List<String> gotOther = MqttTesting.subscribe(reader, other);
      service.invoke(new BindingRequest("mq", "create", "fine".getBytes(StandardCharsets.UTF_8), Map.of()))
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      service.invoke(new BindingRequest("mq", "create", "elsewhere".getBytes(StandardCharsets.UTF_8),
          Map.of("topic", other, "retain", "false"))).toCompletableFuture().get(30, TimeUnit.SECONDS);
      await("both published", 30, () -> got.contains("fine") && gotOther.contains("elsewhere"));
      assertThat(got).containsExactly("fine");
    } finally {
      MqttTesting.close(reader);
    }
  }

  @Test
  void stop_endsTheSubscription_laterMessagesWaitInTheSession() throws Exception {
    String topic = MqttTesting.topic();
    String client = "capa-f-" + UUID.randomUUID();
    Map<String, String> metadata = md("url", MqttTesting.SHARED, "topic", topic, "consumerID", client,
        "direction", "input");
    MqttClient publisher = MqttTesting.client(MqttTesting.SHARED);
    RecordingTarget first = new RecordingTarget();
    RecordingTarget second = new RecordingTarget();
    try (MqttBinding one = MqttTesting.create(metadata); InputBindings run = run(one, first)) {
      await("subscribed", 30, () -> one.health().up());
      MqttTesting.publish(publisher, topic, "before");
      await("the first message", 30, () -> first.received.contains("before"));
      run.stop("mq");
      // With the subscription left running, the stopped binding would go on taking messages.
      await("the stopped run no longer consuming", 30, () -> !one.consuming());
      MqttTesting.publish(publisher, topic, "later");
      try (MqttBinding two = MqttTesting.create(metadata); InputBindings run2 = run(two, second)) {
        await("the later message at the next run", 30, () -> second.received.contains("later"));
      }
      assertThat(first.received).containsExactly("before");
      assertThat(second.received).containsExactly("later");
    } finally {
      MqttTesting.close(publisher);
    }
  }

  private static InputBindings run(MqttBinding binding, RecordingTarget target) {
    MapComponents components = new MapComponents().put("mq", binding);
    InputBindings run = new InputBindings(components, (n, s) -> target, new ComponentBindingService(components),
        BindingStreams.materializer(), TestConfigs.SCHEDULER, TestConfigs.BLOCKING);
    run.start();
    return run;
  }

  @Test
  void health_brokerDownAtStart_isDownAndFailsFastThenRecovers() throws Exception {
    try (PrivateMosquitto broker = new PrivateMosquitto()) {
      String topic = MqttTesting.topic();
      MqttBinding binding = MqttTesting.create(md("url", broker.url(), "topic", topic,
          "consumerID", "capa-f-" + UUID.randomUUID(), "maxReconnectWait", "500ms"));
      RecordingTarget target = new RecordingTarget();
      MapComponents components = new MapComponents().put("mq", binding);
      try (InputBindings run = new InputBindings(components, (n, s) -> target, new ComponentBindingService(components),
          BindingStreams.materializer(), TestConfigs.SCHEDULER, TestConfigs.BLOCKING)) {
        run.start();
        await("a connect attempt reports the broker unreachable", 30,
            () -> binding.health().detail().contains("cannot connect"));
        assertThat(binding.health().up()).isFalse();
        assertThatThrownBy(() -> binding.invoke(BindingRequest.of("mq", "create", new byte[] {1})).toCompletableFuture().join())
            .cause().isInstanceOf(CapaException.class)
            .satisfies(e -> assertThat(((CapaException) e).errorCode()).isEqualTo(ErrorCode.COMPONENT_FAILED));

        broker.start();
        await("healthy after the broker came up: " + binding.health(), 60, () -> binding.health().up());
        binding.invoke(BindingRequest.of("mq", "create", "hello".getBytes(StandardCharsets.UTF_8)))
            .toCompletableFuture().get(30, TimeUnit.SECONDS);
        await("the published event at the input's target", 30, () -> target.received.contains("hello"));
      } finally {
        binding.close();
      }
    }
  }

  @Test
  void input_brokerRestartedMidStream_noAcknowledgedEventIsLost() throws Exception {
    int count = 1500;
    try (PrivateMosquitto broker = new PrivateMosquitto().start()) {
      String topic = MqttTesting.topic();
      RecordingTarget target = new RecordingTarget();
      // Slow enough that the restart falls in the middle of the stream.
      target.behave(v -> CompletableFuture.supplyAsync(() -> new byte[0],
          CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS, TestConfigs.BLOCKING)));
      MqttBinding binding = MqttTesting.create(md("url", broker.url(), "topic", topic,
          "consumerID", "capa-f-" + UUID.randomUUID(), "direction", "input", "maxReconnectWait", "500ms"));
      MapComponents components = new MapComponents().put("mq", binding);
      try (InputBindings run = new InputBindings(components, (n, s) -> target, new ComponentBindingService(components),
          BindingStreams.materializer(), TestConfigs.SCHEDULER, TestConfigs.BLOCKING)) {
        run.start();
        await("subscribed", 30, () -> binding.health().up());
        MqttClient publisher = MqttTesting.client(broker.url());
        try {
          for (int i = 0; i < count; i++) {
            MqttTesting.publish(publisher, topic, "m" + i);
          }
        } finally {
          MqttTesting.close(publisher);
        }
        await("a third of the messages handled", 60, () -> target.received.size() >= count / 3);
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
