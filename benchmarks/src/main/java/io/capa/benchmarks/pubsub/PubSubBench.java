package io.capa.benchmarks.pubsub;

import io.capa.api.pubsub.PublishRequest;
import io.capa.api.pubsub.Subscription;
import io.capa.api.pubsub.TopicMessage;
import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.Machine;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.Components;
import io.capa.components.api.ComponentsListener;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentHealth;
import io.capa.components.spi.ComponentTypes;
import io.capa.kafka.testkit.EmbeddedKafka;
import io.capa.pubsub.api.ComponentPubSubService;
import io.capa.pubsub.spi.BrokerMessage;
import io.capa.pubsub.spi.PubSubBroker;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Recorder;

/**
 * Publish-to-delivery through the pub/sub building block, on Kafka (a broker in this JVM, from
 * kafka-testkit) or NATS JetStream (a running server, {@code --nats-url}). Two contenders per run:
 *
 * <ul>
 *   <li>{@code service}: {@code ComponentPubSubService.publish} to a subscription of the same
 *       service, CloudEvents envelope on the way in and out, each message acked by the subscriber;
 *   <li>{@code broker}: the same broker component through its SPI alone (raw bytes, no envelope, no
 *       settlement policy), to split the building block's cost from the broker's.
 * </ul>
 *
 * Each message carries its send time; the subscriber records the end-to-end latency. The publisher
 * keeps at most {@code --inflight} publishes unconfirmed. Prints delivered messages/s, p50 and p99.
 *
 * <p>Options: {@code --backend kafka|nats --nats-url nats://127.0.0.1:4222 --inflight 256 --size 256
 * --warmup 2s --round 5s --contenders service,broker}.
 */
public final class PubSubBench {
  private PubSubBench() {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    String backend = a.string("backend", "kafka");
    int inflight = a.integer("inflight", 256);
    int size = Math.max(16, a.integer("size", 256));
    Duration warmup = a.duration("warmup", "2s");
    Duration round = a.duration("round", "5s");
    List<String> contenders = List.of(a.string("contenders", "service,broker").split(","));
    Machine.printHeader("pub/sub publish-to-delivery, backend " + backend + ", " + inflight + " in flight, " + size
        + "-byte messages");

    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    ExecutorService blocking = Executors.newCachedThreadPool();
    EmbeddedKafka kafka = null;
    String type;
    Map<String, String> metadata = new LinkedHashMap<>();
    String run = UUID.randomUUID().toString().substring(0, 8);
    if (backend.equals("kafka")) {
      kafka = EmbeddedKafka.builder().build().start();
      type = "pubsub.kafka";
      metadata.put("brokers", kafka.bootstrapServers());
      metadata.put("authType", "none");
      metadata.put("initialOffset", "newest");
    } else if (backend.equals("nats")) {
      type = "pubsub.jetstream";
      metadata.put("natsURL", a.string("nats-url", "nats://127.0.0.1:4222"));
      metadata.put("streamName", "capa-bench-" + run);
    } else {
      throw new IllegalArgumentException("--backend kafka|nats, got " + backend);
    }
    PubSubBroker broker = create(type, metadata, blocking, scheduler);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!broker.health().up()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("broker not up: " + broker.health().detail());
        }
        Thread.sleep(50);
      }
      ComponentPubSubService service = new ComponentPubSubService(single(broker), "bench", scheduler);
      System.out.printf("%-8s %12s %10s %10s%n", "contender", "delivered/s", "p50 ms", "p99 ms");
      for (String c : contenders) {
        String topic = "bench-" + c + "-" + run;
        Lane lane = c.equals("service") ? serviceLane(service, topic) : brokerLane(broker, topic);
        lane.measure(warmup, inflight, size);
        Result r = lane.measure(round, inflight, size);
        System.out.printf("%-8s %12.0f %10.2f %10.2f%n", c, r.perSecond, r.p50Millis, r.p99Millis);
        lane.close();
      }
    } finally {
      broker.close();
      if (backend.equals("nats")) {
        // The stream lives on a shared server: remove it.
        try (io.nats.client.Connection c = io.nats.client.Nats.connect(metadata.get("natsURL"))) {
          c.jetStreamManagement().deleteStream(metadata.get("streamName"));
        } catch (Exception e) {
          System.err.println("could not delete stream " + metadata.get("streamName") + ": " + e);
        }
      }
      if (kafka != null) {
        kafka.close();
      }
      scheduler.shutdownNow();
      blocking.shutdownNow();
    }
  }

  private record Result(double perSecond, double p50Millis, double p99Millis) {}

  /** A publisher and a subscriber on one topic. */
  private abstract static class Lane implements AutoCloseable {
    final Recorder latencies = new Recorder(3);
    final AtomicLong delivered = new AtomicLong();
    volatile Semaphore window;

    abstract java.util.concurrent.CompletionStage<?> publish(byte[] data);

    void onDelivered(byte[] data) {
      long sent = ByteBuffer.wrap(data).getLong();
      latencies.recordValue(Math.max(0, System.nanoTime() - sent));
      delivered.incrementAndGet();
    }

    Result measure(Duration length, int inflight, int size) throws InterruptedException {
      Semaphore w = new Semaphore(inflight);
      window = w;
      latencies.reset();
      long start = System.nanoTime();
      long startDelivered = delivered.get();
      long end = start + length.toNanos();
      while (System.nanoTime() < end) {
        if (!w.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        byte[] data = new byte[size];
        ByteBuffer.wrap(data).putLong(System.nanoTime());
        publish(data).whenComplete((v, e) -> w.release());
      }
      w.acquire(inflight); // every publish of this round confirmed
      w.release(inflight);
      double seconds = (System.nanoTime() - start) / 1e9;
      var h = latencies.getIntervalHistogram();
      return new Result((delivered.get() - startDelivered) / seconds, h.getValueAtPercentile(50) / 1e6,
          h.getValueAtPercentile(99) / 1e6);
    }
  }

  private static Lane serviceLane(ComponentPubSubService service, String topic) throws InterruptedException {
    List<Sub<TopicMessage>> holder = new java.util.ArrayList<>();
    Lane lane = new Lane() {
      @Override
      java.util.concurrent.CompletionStage<?> publish(byte[] data) {
        return service.publish(PublishRequest.of("bench", topic, data, "application/octet-stream"));
      }

      @Override
      public void close() {
        holder.forEach(Sub::cancel);
      }
    };
    Sub<TopicMessage> sub = new Sub<>(m -> {
      lane.onDelivered(m.data());
      m.ack();
    });
    holder.add(sub);
    service.subscribe(new Subscription("bench", topic, Optional.empty(), Map.of("maxInFlight", "1024"))).subscribe(sub);
    awaitFlowing(lane);
    return lane;
  }

  private static Lane brokerLane(PubSubBroker broker, String topic) throws InterruptedException {
    List<Sub<BrokerMessage>> holder = new java.util.ArrayList<>();
    Lane lane = new Lane() {
      @Override
      java.util.concurrent.CompletionStage<?> publish(byte[] data) {
        return broker.publish(topic, data, Map.of());
      }

      @Override
      public void close() {
        holder.forEach(Sub::cancel);
      }
    };
    Sub<BrokerMessage> sub = new Sub<>(m -> {
      lane.onDelivered(m.data());
      m.ack();
    });
    holder.add(sub);
    broker.subscribe(topic, "bench").subscribe(sub);
    awaitFlowing(lane);
    return lane;
  }

  /** Publishes until a message arrives: the subscription is in place (Kafka joins the group first). */
  private static void awaitFlowing(Lane lane) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (lane.delivered.get() == 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no message delivered within 60 s");
      }
      byte[] data = new byte[16];
      ByteBuffer.wrap(data).putLong(System.nanoTime());
      lane.publish(data);
      Thread.sleep(200);
    }
  }

  /** Requests without bound; the building block and the brokers bound what is in flight. */
  private static final class Sub<T> implements Flow.Subscriber<T> {
    private final Consumer<T> onEach;
    private volatile Flow.Subscription subscription;

    Sub(Consumer<T> onEach) {
      this.onEach = onEach;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(T item) {
      onEach.accept(item);
    }

    @Override
    public void onError(Throwable t) {
      System.err.println("subscription failed: " + t);
    }

    @Override
    public void onComplete() {}

    void cancel() {
      if (subscription != null) {
        subscription.cancel();
      }
    }
  }

  private static PubSubBroker create(String type, Map<String, String> metadata, ExecutorService blocking,
      ScheduledExecutorService scheduler) throws Exception {
    Map<String, MetadataValue> plain = new LinkedHashMap<>();
    metadata.forEach((k, v) -> plain.put(k, new MetadataValue.Plain(v)));
    ComponentSpec spec = new ComponentSpec("bench", type, "v1", plain, List.of(), Optional.empty(), Path.of("bench.yaml"), 1);
    return (PubSubBroker) ComponentTypes.discover().requireKnownType(spec).create(new ComponentConfig(spec, metadata),
        new ComponentContext("bench", blocking, scheduler, Files.createTempDirectory("pubsub-bench")));
  }

  private static Components single(PubSubBroker broker) {
    return new Components() {
      @Override
      public <T extends Component> T require(String name, Class<T> kind, String what) {
        if (!name.equals("bench")) {
          throw new io.capa.api.CapaException(io.capa.api.ErrorCode.COMPONENT_NOT_FOUND, what + " " + name);
        }
        return kind.cast(broker);
      }

      @Override
      public List<String> names(Class<? extends Component> kind) {
        return List.of("bench");
      }

      @Override
      public Map<String, ComponentHealth> health() {
        return Map.of("bench", broker.health());
      }

      @Override
      public void addListener(ComponentsListener listener) {}
    };
  }
}
