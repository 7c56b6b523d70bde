package io.capa.bindings.internal.kafka;

import io.capa.bindings.testing.SharedKafka;
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
import io.capa.kafka.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The Kafka binding under faults: bad metadata, brokers away at start or mid-stream, poison records. */
class KafkaBindingFaultTest {

  private static Map<String, String> md(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static KafkaBinding create(Map<String, String> metadata) {
    return (KafkaBinding) new KafkaBindingFactory().create(
        TestConfigs.config("kb", "bindings.kafka", metadata), TestConfigs.context());
  }

  @Test
  void create_missingBrokers_namesTheFieldAndFile() {
    assertThatThrownBy(() -> create(md("publishTopic", "x")))
        .isInstanceOf(ComponentParseException.class)
        .hasMessageContaining("brokers").hasMessageContaining("kb.yaml");
  }

  @Test
  void create_inputWithoutConsumerGroup_namesTheField() {
    assertThatThrownBy(() -> create(md("brokers", "127.0.0.1:1", "topics", "a")))
        .hasMessageContaining("consumerGroup");
  }

  @Test
  void create_badInitialOffsetOrDirection_namesTheValue() {
    assertThatThrownBy(() -> create(md("brokers", "127.0.0.1:1", "initialOffset", "middle")))
        .hasMessageContaining("initialOffset").hasMessageContaining("middle");
    assertThatThrownBy(() -> create(md("brokers", "127.0.0.1:1", "direction", "sideways")))
        .hasMessageContaining("direction").hasMessageContaining("sideways");
  }

  @Test
  void invoke_partitionNotANumber_isInvalidRequestNamingTheField() throws Exception {
    String topic = SharedKafka.topic();
    try (KafkaBinding binding = create(md("brokers", SharedKafka.get().bootstrapServers(), "publishTopic", topic))) {
      ComponentBindingService service = new ComponentBindingService(new MapComponents().put("kb", binding));
      await("healthy", 30, () -> binding.health().up());
      for (String bad : List.of("abc", "-1", "")) {
        assertThatThrownBy(() -> service.invoke(new BindingRequest("kb", "create", new byte[] {1}, Map.of("partition", bad)))
                .toCompletableFuture().join())
            .cause().isInstanceOf(CapaException.class)
            .hasMessageContaining("partition")
            .satisfies(e -> assertThat(((CapaException) e).errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST));
      }
      // The binding keeps serving after garbage.
      var ok = service.invoke(new BindingRequest("kb", "create", new byte[] {2}, Map.of("partition", "1")))
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(ok.metadata()).containsEntry("partition", "1");
    }
  }

  @Test
  void invoke_payloadAboveMaxMessageBytes_isPayloadTooLarge() {
    try (KafkaBinding binding = create(md("brokers", SharedKafka.get().bootstrapServers(),
        "publishTopic", SharedKafka.topic(), "maxMessageBytes", "10"))) {
      assertThatThrownBy(() -> binding.invoke(new BindingRequest("kb", "create", new byte[11], Map.of()))
              .toCompletableFuture().join())
          .cause().isInstanceOf(CapaException.class).hasMessageContaining("maxMessageBytes")
          .satisfies(e -> assertThat(((CapaException) e).errorCode()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
    }
  }

  @Test
  void health_brokerDownAtStart_isDownAndFailsFastThenRecovers() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
      kafka.stop();
      try (KafkaBinding binding = create(md("brokers", kafka.bootstrapServers(), "publishTopic", "down-at-start",
          "healthInterval", "300ms"))) {
        await("a probe reports the brokers unreachable", 30,
            () -> binding.health().detail().contains("unreachable"));
        assertThat(binding.health().up()).isFalse();
        assertThatThrownBy(() -> binding.invoke(BindingRequest.of("kb", "create", new byte[] {1})).toCompletableFuture().join())
            .cause().isInstanceOf(CapaException.class)
            .satisfies(e -> assertThat(((CapaException) e).errorCode()).isEqualTo(ErrorCode.COMPONENT_FAILED));

        kafka.start();
        await("healthy after the broker came up", 60, () -> binding.health().up());
        var sent = binding.invoke(BindingRequest.of("kb", "create", new byte[] {1}))
            .toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(sent.metadata()).containsEntry("topic", "down-at-start");
      }
    }
  }

  @Test
  void input_brokerRestartedMidStream_noAcknowledgedEventIsLost() throws Exception {
    int count = 3000;
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
      String topic = "restart-" + UUID.randomUUID();
      String group = "g-" + UUID.randomUUID();
      kafka.createTopic(topic, 3);
      try (KafkaProducer<byte[], byte[]> producer = SharedKafka.producer(kafka.bootstrapServers())) {
        for (int i = 0; i < count; i++) {
          producer.send(new ProducerRecord<>(topic, SharedKafka.utf8("k" + (i % 7)), SharedKafka.utf8("r" + i)));
        }
        producer.flush();
      }
      RecordingTarget target = new RecordingTarget();
      // Slow enough that the restart falls in the middle of the stream.
      target.behave(v -> CompletableFuture.supplyAsync(() -> new byte[0],
          CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS, TestConfigs.BLOCKING)));
      KafkaBinding binding = create(md("brokers", kafka.bootstrapServers(), "topics", topic, "consumerGroup", group,
          "initialOffset", "oldest", "direction", "input", "parallelism", "3", "healthInterval", "300ms"));
      MapComponents components = new MapComponents().put("kb", binding);
      try (InputBindings run = new InputBindings(components, (n, s) -> target, new ComponentBindingService(components),
          BindingStreams.materializer(), TestConfigs.SCHEDULER, TestConfigs.BLOCKING)) {
        run.start();
        await("a third of the records handled", 60, () -> target.received.size() >= count / 3);
        kafka.restart();
        await("every record handled at least once", 120, () -> new HashSet<>(target.received).size() == count);
        await("offsets committed for every record", 60, () -> committed(kafka, group) == count);
      } finally {
        binding.close();
      }
      Set<String> distinct = new HashSet<>(target.received);
      assertThat(distinct).hasSize(count);
    }
  }

  private static long committed(EmbeddedKafka kafka, String group) {
    try (Admin admin = Admin.create(kafka.adminProps())) {
      return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
          .values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void input_poisonRecord_goesToTheDeadLetterTopicAfterRetries() throws Exception {
    String topic = SharedKafka.topic();
    String dead = SharedKafka.topic();
    RecordingTarget target = new RecordingTarget();
    target.behave(v -> v.equals("poison")
        ? CompletableFuture.failedFuture(new IllegalStateException("cannot parse poison"))
        : CompletableFuture.completedFuture(new byte[0]));
    KafkaBinding binding = create(md("brokers", SharedKafka.get().bootstrapServers(), "topics", topic,
        "consumerGroup", "g-" + UUID.randomUUID(), "initialOffset", "oldest", "deadLetterTopic", dead,
        "maxRetries", "2", "retryBackoff", "10ms"));
    MapComponents components = new MapComponents().put("kb", binding);
    try (InputBindings run = new InputBindings(components, (n, s) -> target, new ComponentBindingService(components),
            BindingStreams.materializer(), TestConfigs.SCHEDULER, TestConfigs.BLOCKING);
        KafkaProducer<byte[], byte[]> producer = SharedKafka.producer(SharedKafka.get().bootstrapServers());
        KafkaConsumer<byte[], byte[]> reader = SharedKafka.reader(SharedKafka.get().bootstrapServers())) {
      run.start();
      producer.send(new ProducerRecord<>(topic, SharedKafka.utf8("k"), SharedKafka.utf8("poison"))).get();
      producer.send(new ProducerRecord<>(topic, SharedKafka.utf8("k"), SharedKafka.utf8("fine"))).get();
      await("the record after the poison handled", 60, () -> target.received.contains("fine"));
      assertThat(target.received).containsExactly("poison", "poison", "poison", "fine");

      ConsumerRecord<byte[], byte[]> parked = findDeadLetter(reader, dead);
      assertThat(new String(parked.value(), StandardCharsets.UTF_8)).isEqualTo("poison");
      assertThat(new String(parked.headers().lastHeader("capa.original.topic").value(), StandardCharsets.UTF_8))
          .isEqualTo(topic);
      assertThat(new String(parked.headers().lastHeader("capa.error").value(), StandardCharsets.UTF_8))
          .contains("cannot parse poison");
    } finally {
      binding.close();
    }
  }

  private static ConsumerRecord<byte[], byte[]> findDeadLetter(KafkaConsumer<byte[], byte[]> reader, String topic) {
    List<org.apache.kafka.common.TopicPartition> parts = reader.partitionsFor(topic).stream()
        .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
    reader.assign(parts);
    reader.seekToBeginning(parts);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
        return r;
      }
    }
    throw new AssertionError("nothing in dead-letter topic " + topic);
  }
}
