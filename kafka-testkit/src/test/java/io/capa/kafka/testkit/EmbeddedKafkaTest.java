package io.capa.kafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.builder().autoCreateTopics(false).build().start();
  }

  @AfterAll
  static void closeBroker() {
    kafka.close();
  }

  @Test
  void produceAndConsume_oneRecord_comesBackWithKeyAndValue() throws Exception {
    String topic = "t-" + UUID.randomUUID();
    kafka.createTopic(topic, 2);
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(new ProducerRecord<>(topic, "k1", "hello")).get();
    }
    List<ConsumerRecord<String, String>> got = consume(topic, "g-" + UUID.randomUUID(), 1);
    assertThat(got).extracting(ConsumerRecord::key, ConsumerRecord::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("k1", "hello"));
  }

  @Test
  void restart_committedRecordsAndOffsets_survive() throws Exception {
    String topic = "t-" + UUID.randomUUID();
    String group = "g-" + UUID.randomUUID();
    kafka.createTopic(topic, 1);
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(new ProducerRecord<>(topic, "a", "first")).get();
      producer.send(new ProducerRecord<>(topic, "b", "second")).get();
    }
    // Consume and commit only the first record.
    try (KafkaConsumer<String, String> consumer = consumer(group)) {
      consumer.subscribe(List.of(topic));
      ConsumerRecord<String, String> first = pollOne(consumer);
      assertThat(first.value()).isEqualTo("first");
      consumer.commitSync(java.util.Map.of(
          new org.apache.kafka.common.TopicPartition(topic, first.partition()),
          new org.apache.kafka.clients.consumer.OffsetAndMetadata(first.offset() + 1)));
    }
    String before = kafka.bootstrapServers();

    kafka.restart();

    assertThat(kafka.bootstrapServers()).isEqualTo(before);
    assertThat(consume(topic, group, 1)).extracting(ConsumerRecord::value).containsExactly("second");
    assertThat(consume(topic, "g-" + UUID.randomUUID(), 2))
        .extracting(ConsumerRecord::value).containsExactly("first", "second");
  }

  @Test
  void stop_thenStart_isRunningFollows() {
    kafka.stop();
    assertThat(kafka.isRunning()).isFalse();
    kafka.start();
    assertThat(kafka.isRunning()).isTrue();
    kafka.createTopic("t-" + UUID.randomUUID(), 1);
  }

  private static KafkaProducer<String, String> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(String group) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  private static ConsumerRecord<String, String> pollOne(KafkaConsumer<String, String> consumer) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
        return r;
      }
    }
    throw new AssertionError("no record within 30 s");
  }

  private static List<ConsumerRecord<String, String>> consume(String topic, String group, int count) {
    List<ConsumerRecord<String, String>> got = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer(group)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (got.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(got::add);
      }
      // One more short poll: more records than expected must show up as a failure.
      consumer.poll(Duration.ofMillis(300)).forEach(got::add);
    }
    return got;
  }
}
