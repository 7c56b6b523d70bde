package io.capa.bindings.internal.kafka;

import io.capa.bindings.testing.SharedKafka;
import static io.capa.bindings.testing.TestConfigs.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.capa.bindings.api.ComponentBindingService;
import io.capa.bindings.api.InputBindings;
import io.capa.bindings.spi.BindingStreams;
import io.capa.components.testkit.MapComponents;
import io.capa.bindings.testing.RecordingTarget;
import io.capa.bindings.testing.TestConfigs;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A target that handles nothing while many records wait: the binding must pull only what its
 * buffers hold (the connector pauses the partitions), not the whole topic. The record count is
 * {@code capa.kafka.backlog} (100,000 by default; the {@code soak} profile runs 1,000,000).
 */
class KafkaBackpressureTest {
  private static final int RECORD_BYTES = 1024;
  /** What the consumer may hold besides the target's events: fetch buffers of a few MB per partition. */
  private static final long ALLOWED_GROWTH = 64L << 20;

  @Test
  void input_stuckTargetWithLargeBacklog_heapStaysBounded() throws Exception {
    int backlog = Integer.getInteger("capa.kafka.backlog", 100_000);
    String bootstrap = SharedKafka.get().bootstrapServers();
    String topic = SharedKafka.topic();
    byte[] value = new byte[RECORD_BYTES];
    try (KafkaProducer<byte[], byte[]> producer = SharedKafka.producer(bootstrap)) {
      for (int i = 0; i < backlog; i++) {
        producer.send(new ProducerRecord<>(topic, SharedKafka.utf8("k" + (i % 97)), value));
      }
      producer.flush();
    }
    long before = usedHeapAfterGc();

    RecordingTarget target = new RecordingTarget();
    target.behave(v -> new CompletableFuture<>());   // never handled
    KafkaBinding binding = (KafkaBinding) new KafkaBindingFactory().create(TestConfigs.config("slow", "bindings.kafka",
        Map.of("brokers", bootstrap, "topics", topic, "consumerGroup", "g-" + UUID.randomUUID(),
            "initialOffset", "oldest", "direction", "input", "parallelism", "16")), TestConfigs.context());
    MapComponents components = new MapComponents().put("slow", binding);
    try (InputBindings run = new InputBindings(components, (n, s) -> target, new ComponentBindingService(components),
        BindingStreams.materializer(), TestConfigs.SCHEDULER, TestConfigs.BLOCKING)) {
      run.start();
      // One event per partition is in flight (order per partition), the rest waits at the broker.
      await("every partition's first record at the target", 60, () -> target.received.size() == 3);
      // Give the consumer time to fetch all it would buffer; a consumer without backpressure keeps
      // pulling the whole backlog during this period.
      Thread.sleep(3000);
      long during = usedHeapAfterGc();
      long backlogBytes = (long) backlog * RECORD_BYTES;
      System.out.printf("backlog %d records (%d MB); heap before %d MB, with the stuck binding %d MB%n",
          backlog, backlogBytes >> 20, before >> 20, during >> 20);
      assertThat(target.received).hasSize(3);
      assertThat(during - before).isLessThan(Math.min(ALLOWED_GROWTH, backlogBytes / 2));
    } finally {
      binding.close();
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
