package io.capa.pubsub.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.spi.ComponentHealth;
import io.capa.pubsub.spi.BrokerMessage;
import io.capa.pubsub.spi.PubSubBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. {@code pubsub.kafka} with the Kafka client: an idempotent producer with {@code
 * acks=all}, and per subscription a consumer of the group on a thread of its own. Kafka acknowledges
 * by offset, so each partition commits the offset after the longest run of settled messages; at most
 * {@code maxInFlight} unsettled messages per subscription before its partitions are paused. Messages
 * not committed when a subscription closes go to the group's next consumer. Health comes from a
 * periodic cluster description.
 */
final class KafkaBroker implements PubSubBroker {
  private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

  private final KafkaSettings settings;
  private final Executor executor;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Admin admin;
  private final ScheduledFuture<?> probe;
  private volatile ComponentHealth health;
  private volatile boolean closed;

  KafkaBroker(KafkaSettings settings, Executor executor, ScheduledExecutorService scheduler) {
    this.settings = settings;
    this.executor = executor;
    this.health = ComponentHealth.down("connecting to " + settings.brokers());
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.brokers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.clientId());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(settings.publishTimeout().toMillis(), 2000)));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(settings.publishTimeout().toMillis(), 2000)));
    p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    Properties a = new Properties();
    a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.brokers());
    a.put(AdminClientConfig.CLIENT_ID_CONFIG, settings.clientId() + "-health");
    admin = Admin.create(a);
    probe = scheduler.scheduleWithFixedDelay(this::checkHealth, 0, 2, TimeUnit.SECONDS);
  }

  private void checkHealth() {
    if (closed) {
      return;
    }
    admin.describeCluster(new DescribeClusterOptions().timeoutMs(1500)).nodes().whenComplete((nodes, e) -> {
      health = e == null && !nodes.isEmpty()
          ? ComponentHealth.UP
          : ComponentHealth.down("cannot reach " + settings.brokers() + (e == null ? ": no nodes" : ": " + e));
    });
  }

  @Override
  public ComponentHealth health() {
    return health;
  }

  @Override
  public CompletionStage<Void> publish(String topic, byte[] data, Map<String, String> metadata) {
    if (closed || !health.up()) {
      return CompletableFuture.failedFuture(new CapaException(ErrorCode.COMPONENT_FAILED,
          "pub/sub '" + settings.component() + "' cannot reach Kafka: " + health.detail()));
    }
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, data);
    metadata.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    CompletableFuture<Void> done = new CompletableFuture<>();
    // send() may block for metadata (up to max.block.ms): never on the caller's thread.
    executor.execute(() -> {
      try {
        producer.send(record, (md, e) -> {
          if (e == null) {
            done.complete(null);
          } else {
            done.completeExceptionally(failure("publish to '" + topic + "'", e));
          }
        });
      } catch (RuntimeException e) {
        done.completeExceptionally(failure("publish to '" + topic + "'", e));
      }
    });
    return done;
  }

  @Override
  public Flow.Publisher<BrokerMessage> subscribe(String topic, String consumerGroup) {
    return new BrokerPublisher("Kafka topic " + topic, executor, (sink, demand) -> {
      if (closed || !health.up()) {
        throw new CapaException(ErrorCode.COMPONENT_FAILED,
            "pub/sub '" + settings.component() + "' cannot reach Kafka: " + health.detail());
      }
      PollLoop loop = new PollLoop(topic, consumerGroup, sink);
      Thread t = new Thread(loop, "capa-kafka-" + settings.component() + "-" + topic);
      t.setDaemon(true);
      t.start();
      return loop::stop;
    });
  }

  /** One consumer, on its own thread: Kafka consumers are not thread-safe. */
  private final class PollLoop implements Runnable {
    private final String topic;
    private final BrokerPublisher.Sink sink;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ConcurrentLinkedQueue<ConsumerRecord<byte[], byte[]>> acked = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, TreeSet<Long>> outstanding = new HashMap<>();
    private final Map<TopicPartition, TreeSet<Long>> settled = new HashMap<>();
    private volatile boolean running = true;
    private int inFlight;

    PollLoop(String topic, String group, BrokerPublisher.Sink sink) {
      this.topic = topic;
      this.sink = sink;
      Properties c = new Properties();
      c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.brokers());
      c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
      c.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.clientId() + "-" + UUID.randomUUID().toString().substring(0, 8));
      c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.initialOffset());
      c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(Math.min(500, settings.maxInFlight())));
      consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    void stop() {
      running = false;
      consumer.wakeup();
    }

    @Override
    public void run() {
      try {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> parts) {
            commitSettled(true);
            parts.forEach(tp -> {
              inFlight -= outstanding.getOrDefault(tp, new TreeSet<>()).size();
              outstanding.remove(tp);
              settled.remove(tp);
            });
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> parts) {}
        });
        while (running) {
          commitSettled(false);
          if (inFlight >= settings.maxInFlight()) {
            consumer.pause(consumer.assignment());
          } else {
            consumer.resume(consumer.paused());
          }
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            outstanding.computeIfAbsent(tp, k -> new TreeSet<>()).add(r.offset());
            inFlight++;
            sink.offer(new BrokerMessage(topic, r.value() == null ? new byte[0] : r.value(), headers(r), handle(r)));
          }
        }
      } catch (WakeupException e) {
        // stop() was called
      } catch (RuntimeException e) {
        if (running) {
          sink.fail(failure("consume '" + topic + "'", e));
        }
      } finally {
        try {
          commitSettled(true);
        } catch (RuntimeException e) {
          log.debug("final commit of '{}' failed", topic, e);
        }
        consumer.close(Duration.ofSeconds(2));
      }
    }

    private BrokerMessage.Handle handle(ConsumerRecord<byte[], byte[]> r) {
      return new BrokerMessage.Handle() {
        @Override
        public CompletionStage<Void> ack() {
          acked.add(r);
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> nack() {
          // Kafka has no per-message nack: left uncommitted, it goes to the group's next consumer.
          return CompletableFuture.completedFuture(null);
        }
      };
    }

    /** Commits, per partition, the offset after the longest run of settled messages. */
    private void commitSettled(boolean sync) {
      for (ConsumerRecord<byte[], byte[]> r; (r = acked.poll()) != null; ) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        TreeSet<Long> out = outstanding.get(tp);
        if (out != null && out.contains(r.offset())) {
          settled.computeIfAbsent(tp, k -> new TreeSet<>()).add(r.offset());
        }
      }
      Map<TopicPartition, OffsetAndMetadata> commits = new LinkedHashMap<>();
      settled.forEach((tp, done) -> {
        TreeSet<Long> out = outstanding.get(tp);
        long next = -1;
        while (!out.isEmpty() && done.contains(out.first())) {
          long o = out.pollFirst();
          done.remove(o);
          inFlight--;
          next = o + 1;
        }
        if (next >= 0) {
          commits.put(tp, new OffsetAndMetadata(next));
        }
      });
      if (!commits.isEmpty()) {
        if (sync) {
          consumer.commitSync(commits, Duration.ofSeconds(5));
        } else {
          consumer.commitAsync(commits, (o, e) -> {
            if (e != null) {
              log.debug("commit of '{}' failed; the messages may come again", topic, e);
            }
          });
        }
      }
    }
  }

  private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> r) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Header h : r.headers()) {
      if (h.value() != null) {
        m.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
      }
    }
    return m;
  }

  private CapaException failure(String what, Throwable e) {
    Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof CapaException c) {
      return c;
    }
    return new CapaException(ErrorCode.COMPONENT_FAILED,
        "pub/sub '" + settings.component() + "' could not " + what + ": " + t, t);
  }

  @Override
  public String defaultConsumerGroup() {
    return settings.consumerGroup();
  }

  @Override
  public java.util.Set<Feature> features() {
    return java.util.Set.of(Feature.MESSAGE_METADATA);
  }

  @Override
  public void close() {
    closed = true;
    probe.cancel(false);
    producer.close(Duration.ofSeconds(2));
    admin.close(Duration.ofSeconds(2));
  }
}
