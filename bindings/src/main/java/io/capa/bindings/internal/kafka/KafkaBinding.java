package io.capa.bindings.internal.kafka;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.bindings.spi.BindingStreams;
import io.capa.bindings.spi.Direction;
import io.capa.bindings.spi.InputBinding;
import io.capa.bindings.spi.InputEvent;
import io.capa.bindings.spi.InputSettings;
import io.capa.bindings.spi.OutputBinding;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentHealth;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.CommitterSettings;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Committer;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;

/**
 * INTERNAL API. {@code bindings.kafka}: input through the connector's committable partitioned
 * source, offsets committed by {@code Committer} after the target handled the record; output through
 * {@code Producer.flexiFlow}.
 */
final class KafkaBinding implements InputBinding, OutputBinding {
  static final Set<String> OPERATIONS = Set.of("create");
  /** Request metadata the binding reads itself; every other entry becomes a record header. */
  private static final Set<String> RESERVED = Set.of("key", "partitionKey", "partition", "topic");

  private final String name;
  private final KafkaSettings settings;
  private final InputSettings inputSettings;
  private final ActorSystem<?> system;
  private final ProducerPipe producer;
  private final Admin admin;
  private final ScheduledFuture<?> probe;
  private volatile ComponentHealth health = ComponentHealth.down("not connected to the brokers yet");

  KafkaBinding(String name, KafkaSettings settings, InputSettings inputSettings, ComponentContext context) {
    this.name = name;
    this.settings = settings;
    this.inputSettings = inputSettings;
    this.system = BindingStreams.system();
    this.producer = new ProducerPipe(producerSettings(), BindingStreams.materializer());
    Properties adminProps = new Properties();
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.brokers());
    adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, settings.clientId() + "-health");
    adminProps.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    this.admin = Admin.create(adminProps);
    long every = settings.healthInterval().toMillis();
    this.probe = context.scheduler().scheduleWithFixedDelay(this::probe, 0, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public Direction direction() {
    return settings.direction();
  }

  @Override
  public ComponentHealth health() {
    return health;
  }

  /** Asks the cluster for its nodes; the answer (or the lack of one) becomes the health. */
  private void probe() {
    long timeout = Math.max(500, settings.healthInterval().toMillis());
    admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout)).nodes()
        .whenComplete((nodes, error) -> health = error == null && !nodes.isEmpty()
            ? ComponentHealth.UP
            : ComponentHealth.down("brokers " + settings.brokers() + " unreachable: "
                + (error == null ? "no nodes" : error.getMessage())));
  }

  // ---- input ----

  @Override
  public InputSettings inputSettings() {
    return inputSettings;
  }

  @Override
  public Source<InputEvent, ?> events() {
    return lanes().flatMapMerge(settings.maxPartitions(), lane -> lane);
  }

  /** One lane per assigned partition: the connector pauses a partition whose lane does not pull. */
  @Override
  public Source<Source<InputEvent, NotUsed>, ?> lanes() {
    if (!settings.direction().input()) {
      return Source.failed(new IllegalStateException("binding '" + name + "' has no topics to consume"));
    }
    ConsumerSettings<byte[], byte[]> cs = ConsumerSettings.create(system, new ByteArrayDeserializer(), new ByteArrayDeserializer())
        .withBootstrapServers(settings.brokers())
        .withGroupId(settings.consumerGroup())
        .withClientId(settings.clientId())
        .withProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.oldest() ? "earliest" : "latest")
        .withProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
        .withProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(Math.max(settings.maxMessageBytes(), 1 << 20)))
        // After the source stops, keep the consumer alive briefly so the last offsets still commit.
        .withStopTimeout(Duration.ofSeconds(2))
        .withCloseTimeout(Duration.ofSeconds(5));
    return Consumer.committablePartitionedSource(cs, Subscriptions.topics(new HashSet<>(settings.topics())))
        .map(partition -> partition.second().<InputEvent>map(KafkaEvent::of));
  }

  @Override
  public Flow<InputEvent, ?, NotUsed> acknowledger() {
    return Flow.<InputEvent>create()
        .map(event -> ((KafkaEvent) event).offset())
        .via(Committer.flow(CommitterSettings.create(system)));
  }

  @Override
  public CompletionStage<Void> deadLetter(InputEvent event, Throwable lastError) {
    if (settings.deadLetterTopic().isEmpty()) {
      return CompletableFuture.failedStage(lastError);
    }
    KafkaEvent e = (KafkaEvent) event;
    List<Header> headers = new ArrayList<>();
    e.record().headers().forEach(headers::add);
    headers.add(header("capa.original.topic", e.record().topic()));
    headers.add(header("capa.original.partition", String.valueOf(e.record().partition())));
    headers.add(header("capa.original.offset", String.valueOf(e.record().offset())));
    headers.add(header("capa.error", String.valueOf(lastError.getMessage())));
    ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(
        settings.deadLetterTopic().get(), null, e.record().key(), e.record().value(), headers);
    return producer.send(dead).thenApply(m -> null);
  }

  // ---- output ----

  @Override
  public Set<String> operations() {
    return OPERATIONS;
  }

  @Override
  public CompletionStage<BindingResponse> invoke(BindingRequest request) {
    try {
      ProducerRecord<byte[], byte[]> record = record(request);
      if (!health.up()) {
        return CompletableFuture.failedStage(new CapaException(ErrorCode.COMPONENT_FAILED,
            "binding '" + name + "': " + health.detail()));
      }
      return producer.send(record).thenApply(m -> new BindingResponse(new byte[0], Map.of(
          "topic", m.topic(), "partition", String.valueOf(m.partition()), "offset", String.valueOf(m.offset()))));
    } catch (CapaException e) {
      return CompletableFuture.failedStage(e);
    }
  }

  private ProducerRecord<byte[], byte[]> record(BindingRequest request) {
    Map<String, String> md = request.metadata();
    String topic = md.containsKey("topic") ? md.get("topic") : settings.publishTopic().orElseThrow(() ->
        invalid("binding '" + name + "' has no publishTopic and the request names no topic"));
    Integer partition = null;
    if (md.containsKey("partition")) {
      try {
        partition = Integer.parseInt(md.get("partition").trim());
      } catch (NumberFormatException e) {
        throw invalid("metadata partition: '" + md.get("partition") + "' is not a partition number");
      }
      if (partition < 0) {
        throw invalid("metadata partition: " + partition + " is negative");
      }
    }
    String key = md.containsKey("key") ? md.get("key") : md.get("partitionKey");
    if (request.data().length > settings.maxMessageBytes()) {
      throw new CapaException(ErrorCode.PAYLOAD_TOO_LARGE, "binding '" + name + "': " + request.data().length
          + " bytes is more than maxMessageBytes " + settings.maxMessageBytes());
    }
    List<Header> headers = new ArrayList<>();
    md.forEach((k, v) -> {
      if (!RESERVED.contains(k)) {
        headers.add(header(k, v));
      }
    });
    return new ProducerRecord<>(topic, partition,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8), request.data(), headers);
  }

  private static CapaException invalid(String message) {
    return new CapaException(ErrorCode.INVALID_REQUEST, message);
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private ProducerSettings<byte[], byte[]> producerSettings() {
    int timeout = (int) settings.publishTimeout().toMillis();
    return ProducerSettings.create(system, new ByteArraySerializer(), new ByteArraySerializer())
        .withBootstrapServers(settings.brokers())
        .withProperty(ProducerConfig.CLIENT_ID_CONFIG, settings.clientId() + "-producer")
        .withProperty(ProducerConfig.ACKS_CONFIG, "all")
        .withProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
        .withProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(settings.maxMessageBytes() + 1024))
        // Fail a call within publishTimeout instead of Kafka's two minutes when brokers are away.
        .withProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout))
        .withProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(timeout, 30_000)))
        .withProperty(ProducerConfig.LINGER_MS_CONFIG, "5")
        .withProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeout + 5))
        .withCloseTimeout(Duration.ofSeconds(5));
  }

  @Override
  public void close() {
    probe.cancel(false);
    producer.close();
    admin.close(Duration.ofSeconds(2));
  }
}
