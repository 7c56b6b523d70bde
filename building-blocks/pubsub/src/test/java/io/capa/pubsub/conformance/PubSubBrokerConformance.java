package io.capa.pubsub.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.pubsub.BulkPublishEntry;
import io.capa.api.pubsub.BulkPublishRequest;
import io.capa.api.pubsub.BulkPublishResponse;
import io.capa.api.pubsub.PublishRequest;
import io.capa.api.pubsub.Subscription;
import io.capa.api.pubsub.TopicMessage;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentTypes;
import io.capa.components.testkit.MapComponents;
import io.capa.pubsub.Probe;
import io.capa.pubsub.api.ComponentPubSubService;
import io.capa.pubsub.spi.BrokerMessage;
import io.capa.pubsub.spi.PubSubBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every pub/sub broker must do, through the building block and through the broker SPI. A
 * backend's test extends this class and names its component type and metadata; brokers of other
 * modules reuse it from this module's test-jar.
 */
public abstract class PubSubBrokerConformance {
  protected static final Duration WAIT = Duration.ofSeconds(20);
  private static final String WARMUP = "~warmup~";
  protected static final String PUBSUB = "ps";
  protected static final String APP = "conformance-app";

  protected final String suffix = UUID.randomUUID().toString().substring(0, 8);
  protected ScheduledExecutorService scheduler;
  protected ExecutorService blocking;
  protected PubSubBroker broker;
  protected MapComponents components;
  protected ComponentPubSubService service;
  private final List<Probe<?>> probes = new ArrayList<>();

  /** The component type under test, for instance {@code pubsub.jetstream}. */
  protected abstract String type();

  /** The component's metadata, pointing at the test server. */
  protected abstract Map<String, String> metadata();

  @BeforeEach
  void startBroker() throws Exception {
    scheduler = Executors.newScheduledThreadPool(2);
    blocking = Executors.newCachedThreadPool();
    broker = create(metadata());
    Probe.await("the broker up", WAIT, () -> broker.health().up());
    components = new MapComponents().put(PUBSUB, broker);
    service = new ComponentPubSubService(components, APP, scheduler);
  }

  @AfterEach
  void stopBroker() throws Exception {
    probes.forEach(Probe::cancel);
    if (broker != null) {
      broker.close();
      cleanUp();
    }
    scheduler.shutdownNow();
    blocking.shutdownNow();
    blocking.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Removes what the tests left on the server (streams, queues); nothing by default. */
  protected void cleanUp() throws Exception {}

  /** A broker of {@link #type()} with {@code metadata}, created through its factory. */
  protected PubSubBroker create(Map<String, String> metadata) throws Exception {
    Map<String, MetadataValue> plain = new LinkedHashMap<>();
    metadata.forEach((k, v) -> plain.put(k, new MetadataValue.Plain(v)));
    ComponentSpec spec = new ComponentSpec(PUBSUB, type(), "v1", plain, List.of(), Optional.empty(),
        Path.of("conformance.yaml"), 1);
    Path dir = Files.createTempDirectory("capa-pubsub");
    return (PubSubBroker) ComponentTypes.discover().requireKnownType(spec)
        .create(new ComponentConfig(spec, metadata), new ComponentContext(APP, blocking, scheduler, dir));
  }

  protected String topic(String name) {
    return name + "-" + suffix;
  }

  @Test
  void publish_subscribed_deliversCloudEvent() {
    String topic = topic("roundtrip");
    Probe<TopicMessage> probe = subscribed(Subscription.of(PUBSUB, topic), TopicMessage::ack);
    String id = join(service.publish(new PublishRequest(PUBSUB, topic, bytes("{\"n\":1}"), "application/json",
        Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))));

    TopicMessage m = awaitOne(probe, "the message");
    assertThat(m.id()).isEqualTo(id);
    assertThat(m.source()).isEqualTo(APP);
    assertThat(m.topic()).isEqualTo(topic);
    assertThat(m.pubsubName()).isEqualTo(PUBSUB);
    assertThat(m.dataContentType()).isEqualTo("application/json");
    assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
    assertThat(m.extensions()).containsEntry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  }

  @Test
  void bulkPublish_threeEntries_allDelivered() {
    String topic = topic("bulk");
    Probe<TopicMessage> probe = subscribed(Subscription.of(PUBSUB, topic), TopicMessage::ack);
    BulkPublishResponse r = join(service.bulkPublish(new BulkPublishRequest(PUBSUB, topic, List.of(
        new BulkPublishEntry("a", bytes("one"), "text/plain", Map.of()),
        new BulkPublishEntry("b", bytes("two"), "text/plain", Map.of()),
        new BulkPublishEntry("c", bytes("three"), "text/plain", Map.of())), Map.of())));

    assertThat(r.allPublished()).isTrue();
    Probe.await("three messages", WAIT, () -> real(probe).size() >= 3);
    assertThat(real(probe)).extracting(m -> new String(m.data(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrder("one", "two", "three");
  }

  @Test
  void subscribe_oneSubscriber_receivesInPublishOrder() {
    Assumptions.assumeTrue(broker.features().contains(PubSubBroker.Feature.ORDERED), "broker does not promise order");
    String topic = topic("order");
    Probe<TopicMessage> probe = subscribed(Subscription.of(PUBSUB, topic), TopicMessage::ack);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      sent.add("m" + i);
      join(service.publish(PublishRequest.of(PUBSUB, topic, bytes("m" + i), "text/plain")));
    }
    Probe.await("30 messages", WAIT, () -> real(probe).size() >= 30);
    assertThat(real(probe)).extracting(m -> new String(m.data(), StandardCharsets.UTF_8)).isEqualTo(sent);
  }

  @Test
  void subscribe_unsettledWhenCancelled_isDeliveredAgain() {
    String topic = topic("redeliver");
    Subscription sub = new Subscription(PUBSUB, topic, Optional.empty(), Map.of("consumerID", "g-" + suffix));
    Probe<TopicMessage> first = subscribed(sub, m -> {});
    String id = join(service.publish(PublishRequest.of(PUBSUB, topic, bytes("keep me"), "text/plain")));
    Probe.await("first delivery", WAIT, () -> real(first).stream().anyMatch(m -> m.id().equals(id)));
    first.cancel();

    Probe<TopicMessage> second = subscribe(sub, TopicMessage::ack);
    Probe.await("the unsettled message again", WAIT, () -> real(second).stream().anyMatch(m -> m.id().equals(id)));
  }

  @Test
  void settle_retryUntilExhausted_goesToDeadLetterTopic() {
    String topic = topic("retry");
    String dlt = topic("dead");
    Probe<TopicMessage> dead = subscribed(Subscription.of(PUBSUB, dlt), TopicMessage::ack);
    Subscription sub = new Subscription(PUBSUB, topic, Optional.of(dlt),
        Map.of("maxRetries", "2", "retryBackoff", "50ms"));
    Probe<TopicMessage> probe = subscribed(sub, TopicMessage::retry);
    String id = join(service.publish(PublishRequest.of(PUBSUB, topic, bytes("poison"), "text/plain")));

    Probe.await("the message in the dead-letter topic", WAIT, () -> real(dead).stream().anyMatch(m -> m.id().equals(id)));
    assertThat(real(probe)).filteredOn(m -> m.id().equals(id)).hasSize(3);
    assertThat(real(dead)).filteredOn(m -> m.id().equals(id)).first()
        .satisfies(m -> assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("poison"));
  }

  @Test
  void settle_drop_goesToDeadLetterAtOnceAndIsNotRedelivered() {
    String topic = topic("drop");
    String dlt = topic("dropped");
    Probe<TopicMessage> dead = subscribed(Subscription.of(PUBSUB, dlt), TopicMessage::ack);
    Subscription sub = new Subscription(PUBSUB, topic, Optional.of(dlt), Map.of("consumerID", "d-" + suffix));
    Probe<TopicMessage> probe = subscribed(sub, TopicMessage::drop);
    String id = join(service.publish(PublishRequest.of(PUBSUB, topic, bytes("bad"), "text/plain")));
    Probe.await("the dropped message in the dead-letter topic", WAIT,
        () -> real(dead).stream().anyMatch(m -> m.id().equals(id)));
    probe.cancel();

    // Acknowledged after dead-lettering: a new subscription of the group does not see it again.
    String marker = join(service.publish(PublishRequest.of(PUBSUB, topic, bytes("after"), "text/plain")));
    Probe<TopicMessage> again = subscribe(sub, TopicMessage::ack);
    Probe.await("the next message", WAIT, () -> real(again).stream().anyMatch(m -> m.id().equals(marker)));
    assertThat(real(again)).noneMatch(m -> m.id().equals(id));
  }

  @Test
  void subscribe_twoGroups_eachGetsEveryMessage() {
    String topic = topic("groups");
    Probe<TopicMessage> a = subscribed(group(topic, "a"), TopicMessage::ack);
    Probe<TopicMessage> b = subscribed(group(topic, "b"), TopicMessage::ack);
    Set<String> ids = publishMany(topic, 10);
    Probe.await("both groups got all", WAIT, () -> ids(a).containsAll(ids) && ids(b).containsAll(ids));
  }

  /**
   * Makes {@code topic} able to feed {@code consumers} subscribers of one group at once, for brokers
   * that share by partition (Kafka); nothing by default.
   */
  protected void prepareTopic(String topic, int consumers) throws Exception {}

  @Test
  void subscribe_oneGroupTwoSubscribers_shareTheMessages() throws Exception {
    String topic = topic("share");
    prepareTopic(topic, 2);
    Probe<TopicMessage> a = subscribed(group(topic, "shared"), TopicMessage::ack);
    Probe<TopicMessage> b = subscribed(group(topic, "shared"), TopicMessage::ack);
    Set<String> ids = publishMany(topic, 20);
    Probe.await("the group got all", WAIT, () -> {
      Set<String> all = new java.util.HashSet<>(ids(a));
      all.addAll(ids(b));
      return all.containsAll(ids);
    });
    List<String> both = new ArrayList<>();
    real(a).forEach(m -> both.add(m.id()));
    real(b).forEach(m -> both.add(m.id()));
    assertThat(both.stream().filter(ids::contains)).as("each message once across the group").hasSize(20);
  }

  @Test
  void publish_rawPayloadGarbage_arrivesByteForByte() {
    String topic = topic("raw");
    byte[] garbage = new byte[512];
    new Random(7).nextBytes(garbage);
    Probe<TopicMessage> raw = subscribed(
        new Subscription(PUBSUB, topic, Optional.empty(), Map.of("rawPayload", "true")), TopicMessage::ack);
    Probe<TopicMessage> wrapped = subscribed(group(topic, "wrapped"), TopicMessage::ack);
    join(service.publish(new PublishRequest(PUBSUB, topic, garbage, "application/octet-stream",
        Map.of("rawPayload", "true"))));

    Probe.await("the raw message", WAIT, () -> !real(raw).isEmpty() && !real(wrapped).isEmpty());
    assertThat(real(raw).get(0).data()).isEqualTo(garbage);
    // A subscriber that expects CloudEvents still gets bytes that are none, whole.
    assertThat(real(wrapped).get(0).data()).isEqualTo(garbage);
    assertThat(real(wrapped).get(0).dataContentType()).isEqualTo("application/octet-stream");
  }

  @Test
  void publish_binaryData_travelsBase64AndArrivesWhole() {
    String topic = topic("binary");
    byte[] data = new byte[] {0, (byte) 0xff, 10, 13, 0x7f, (byte) 0x80};
    Probe<TopicMessage> probe = subscribed(Subscription.of(PUBSUB, topic), TopicMessage::ack);
    join(service.publish(PublishRequest.of(PUBSUB, topic, data, "application/octet-stream")));
    TopicMessage m = awaitOne(probe, "the binary message");
    assertThat(m.data()).isEqualTo(data);
  }

  @Test
  void brokerPublish_metadata_reachesSubscriber() {
    Assumptions.assumeTrue(broker.features().contains(PubSubBroker.Feature.MESSAGE_METADATA),
        "broker carries no message metadata");
    String topic = topic("meta");
    Probe<BrokerMessage> probe = new Probe<>(BrokerMessage::ack);
    probes.add(probe);
    broker.subscribe(topic, "meta-" + suffix).subscribe(probe);
    Map<String, String> metadata = Map.of("k1", "v1", "Partition-Key", "p 2");
    Probe.await("the message with its metadata", WAIT, () -> {
      join(broker.publish(topic, bytes("x"), metadata));
      return probe.received.stream().anyMatch(m -> m.metadata().entrySet().containsAll(metadata.entrySet()));
    });
  }

  // --- helpers -------------------------------------------------------------------------------

  protected Subscription group(String topic, String group) {
    return new Subscription(PUBSUB, topic, Optional.empty(), Map.of("consumerID", group + "-" + suffix));
  }

  protected Set<String> publishMany(String topic, int n) {
    Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < n; i++) {
      ids.add(join(service.publish(new PublishRequest(PUBSUB, topic, bytes("m" + i), "text/plain",
          Map.of("partitionKey", UUID.randomUUID().toString())))));
    }
    return ids;
  }

  protected Probe<TopicMessage> subscribe(Subscription sub, Consumer<TopicMessage> settle) {
    Probe<TopicMessage> probe = new Probe<>(m -> {
      if (isWarmup(m)) {
        m.ack();
      } else {
        settle.accept(m);
      }
    });
    probes.add(probe);
    service.subscribe(sub).subscribe(probe);
    return probe;
  }

  /** Subscribes, then publishes markers until one arrives: the broker has the subscription. */
  protected Probe<TopicMessage> subscribed(Subscription sub, Consumer<TopicMessage> settle) {
    Probe<TopicMessage> probe = subscribe(sub, settle);
    Probe.await("subscription to " + sub.topic() + " active", WAIT, () -> {
      if (probe.error != null) {
        throw new AssertionError("subscription failed", probe.error);
      }
      join(service.publish(new PublishRequest(PUBSUB, sub.topic(), bytes(WARMUP), "text/plain",
          Map.of("partitionKey", UUID.randomUUID().toString()))));
      long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
      while (System.nanoTime() < until) {
        if (probe.received.stream().anyMatch(PubSubBrokerConformance::isWarmup)) {
          return true;
        }
        sleep(20);
      }
      return false;
    });
    return probe;
  }

  protected static boolean isWarmup(TopicMessage m) {
    return new String(m.data(), StandardCharsets.UTF_8).contains(WARMUP);
  }

  protected static List<TopicMessage> real(Probe<TopicMessage> probe) {
    return probe.snapshot().stream().filter(m -> !isWarmup(m)).toList();
  }

  protected static Set<String> ids(Probe<TopicMessage> probe) {
    Set<String> ids = new java.util.HashSet<>();
    real(probe).forEach(m -> ids.add(m.id()));
    return ids;
  }

  protected static TopicMessage awaitOne(Probe<TopicMessage> probe, String what) {
    Probe.await(what, WAIT, () -> !real(probe).isEmpty());
    return real(probe).get(0);
  }

  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  protected static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("call failed: " + e, e);
    }
  }

  protected static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  protected static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> m = new HashMap<>(base);
    m.put(key, value);
    return m;
  }
}
