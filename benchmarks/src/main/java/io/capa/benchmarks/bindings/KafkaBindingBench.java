package io.capa.benchmarks.bindings;

import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.api.actors.ActorService;
import io.capa.api.actors.ActorTypeInfo;
import io.capa.api.actors.ReminderInfo;
import io.capa.api.actors.ReminderSpec;
import io.capa.api.actors.StateOperation;
import io.capa.api.actors.TimerSpec;
import io.capa.api.bindings.BindingRequest;
import io.capa.bindings.api.ComponentBindingService;
import io.capa.bindings.api.InputBindings;
import io.capa.bindings.api.RuntimeBindingTargets;
import io.capa.bindings.internal.kafka.KafkaBindingFactory;
import io.capa.bindings.spi.BindingStreams;
import io.capa.bindings.spi.InputBinding;
import io.capa.bindings.spi.OutputBinding;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.Components;
import io.capa.components.api.ComponentsListener;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentHealth;
import io.capa.kafka.testkit.EmbeddedKafka;
import io.capa.runtime.api.InvocationGraph;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka binding on an embedded broker (one KRaft node in this JVM).
 *
 * <ol>
 *   <li>Output: records/s through {@code bindings.kafka} ({@code BindingService.invoke}, up to
 *       {@code --inflight} calls outstanding) against a raw {@code KafkaProducer} with the same
 *       settings (acks=all, idempotence, linger 5 ms) and the same bound, alternating round by round.
 *   <li>Input into an actor target: records/s from a pre-filled topic through {@code InputBindings}
 *       and the invocation graph to an actor service that answers at once; then the same at half
 *       that rate by the clock, reporting produce-to-target latency p50/p99.
 * </ol>
 *
 * {@code --records N} (default 100,000), {@code --rounds R} (3), {@code --inflight K} (256),
 * {@code --bytes B} (100).
 */
public final class KafkaBindingBench {
  private static final ExecutorService BLOCKING = Executors.newFixedThreadPool(4);
  private static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(2);

  private KafkaBindingBench() {}

  public static void main(String[] args) throws Exception {
    int records = intArg(args, "--records", 100_000);
    int rounds = intArg(args, "--rounds", 3);
    int inflight = intArg(args, "--inflight", 256);
    int bytes = intArg(args, "--bytes", 100);
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
      double[] binding = new double[rounds];
      double[] raw = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        binding[r] = outputThroughBinding(kafka, records, inflight, bytes, r);
        raw[r] = outputRaw(kafka, records, inflight, bytes, r);
        System.out.printf("round %d: output binding %.0f records/s, raw producer %.0f records/s%n", r, binding[r], raw[r]);
      }
      double b = median(binding);
      double p = median(raw);
      System.out.printf("output median: binding %.0f records/s, raw producer %.0f records/s, ratio %.2f%n", b, p, b / p);

      double inRate = inputToActor(kafka, records, bytes, 0, null);
      System.out.printf("input -> actor: %.0f records/s%n", inRate);
      ConcurrentHistogram latency = new ConcurrentHistogram(3);
      inputToActor(kafka, Math.max(1000, records / 4), bytes, inRate / 2, latency);
      System.out.printf("input -> actor at %.0f records/s: latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          inRate / 2, latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
          latency.getMaxValue() / 1000.0);
    } finally {
      BLOCKING.shutdownNow();
      SCHEDULER.shutdownNow();
      BindingStreams.system().terminate();
    }
  }

  private static double outputThroughBinding(EmbeddedKafka kafka, int records, int inflight, int bytes, int round)
      throws Exception {
    String topic = "bench-out-b" + round;
    kafka.createTopic(topic, 3);
    OutputBinding binding = (OutputBinding) create(kafka, "out", Map.of("brokers", kafka.bootstrapServers(),
        "publishTopic", topic, "direction", "output"));
    try {
      while (!binding.health().up()) {
        Thread.sleep(50);
      }
      ComponentBindingService service = new ComponentBindingService(new MapComponents(Map.of("out", binding)));
      byte[] data = new byte[bytes];
      return closedLoop(records, inflight, i -> service.invoke(
          new BindingRequest("out", "create", data, Map.of("key", "k" + (i % 1000)))));
    } finally {
      binding.close();
    }
  }

  private static double outputRaw(EmbeddedKafka kafka, int records, int inflight, int bytes, int round) throws Exception {
    String topic = "bench-out-r" + round;
    kafka.createTopic(topic, 3);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    byte[] data = new byte[bytes];
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      return closedLoop(records, inflight, i -> {
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, ("k" + (i % 1000)).getBytes(), data), (m, e) -> {
          if (e == null) {
            done.complete(null);
          } else {
            done.completeExceptionally(e);
          }
        });
        return done;
      });
    }
  }

  /** Issues {@code records} calls with at most {@code inflight} outstanding; returns calls/s. */
  private static double closedLoop(int records, int inflight, java.util.function.IntFunction<CompletionStage<?>> call)
      throws InterruptedException {
    Semaphore permits = new Semaphore(inflight);
    LongAdder failed = new LongAdder();
    long start = System.nanoTime();
    for (int i = 0; i < records; i++) {
      permits.acquire();
      call.apply(i).whenComplete((r, e) -> {
        if (e != null) {
          failed.increment();
        }
        permits.release();
      });
    }
    permits.acquire(inflight);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (failed.sum() > 0) {
      System.out.println("  " + failed.sum() + " calls failed");
    }
    return records / seconds;
  }

  /**
   * Fills a topic (at {@code rate} records/s by the clock when positive, all at once otherwise) and
   * runs an input binding into an actor target until every record was handled; returns records/s.
   */
  private static double inputToActor(EmbeddedKafka kafka, int records, int bytes, double rate,
      ConcurrentHistogram latency) throws Exception {
    String topic = "bench-in-" + System.nanoTime();
    kafka.createTopic(topic, 3);
    LongAdder handled = new LongAdder();
    AtomicLong firstAt = new AtomicLong();
    ActorService actors = new AnsweringActors(payload -> {
      long now = System.nanoTime();
      firstAt.compareAndSet(0, now);
      if (latency != null) {
        latency.recordValue(Math.max(0, (now - ByteBuffer.wrap(payload).getLong()) / 1000));
      }
      handled.increment();
    });
    InputBinding binding = (InputBinding) create(kafka, "in", Map.of("brokers", kafka.bootstrapServers(),
        "topics", topic, "consumerGroup", "bench-" + topic, "initialOffset", "oldest", "direction", "input",
        "target", "actor/Bench/{key}/handle", "parallelism", "64"));
    MapComponents components = new MapComponents(Map.of("in", binding));
    RuntimeBindingTargets targets = new RuntimeBindingTargets(InvocationGraph.get(BindingStreams.system()),
        Optional.of(actors), Optional.empty(), Optional.empty(), Duration.ofSeconds(10), BLOCKING);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        InputBindings run = new InputBindings(components, targets, new ComponentBindingService(components),
            BindingStreams.materializer(), SCHEDULER, BLOCKING)) {
      if (rate <= 0) {
        fill(producer, topic, records, bytes, 0);
        run.start();
      } else {
        run.start();
        while (!binding.health().up()) {
          Thread.sleep(50);
        }
        fill(producer, topic, records, bytes, rate);
      }
      while (handled.sum() < records) {
        Thread.sleep(20);
      }
      double seconds = (System.nanoTime() - firstAt.get()) / 1e9;
      return records / seconds;
    } finally {
      binding.close();
    }
  }

  private static void fill(KafkaProducer<byte[], byte[]> producer, String topic, int records, int bytes, double rate) {
    long start = System.nanoTime();
    for (int i = 0; i < records; i++) {
      if (rate > 0) {
        long due = start + (long) (i * 1e9 / rate);
        while (System.nanoTime() < due) {
          Thread.onSpinWait();
        }
      }
      byte[] data = new byte[Math.max(8, bytes)];
      ByteBuffer.wrap(data).putLong(System.nanoTime());
      producer.send(new ProducerRecord<>(topic, ("k" + (i % 1000)).getBytes(), data));
    }
    producer.flush();
  }

  private static Component create(EmbeddedKafka kafka, String name, Map<String, String> md) throws Exception {
    Map<String, MetadataValue> spec = new LinkedHashMap<>();
    md.forEach((k, v) -> spec.put(k, new MetadataValue.Plain(v)));
    ComponentConfig config = new ComponentConfig(new ComponentSpec(name, "bindings.kafka", "v1", spec, List.of(),
        Optional.empty(), Path.of("bench", name + ".yaml"), 1), md);
    return new KafkaBindingFactory().create(config,
        new ComponentContext("bench", BLOCKING, SCHEDULER, Files.createTempDirectory("bench")));
  }

  private static int intArg(String[] args, String name, int fallback) {
    int i = Arrays.asList(args).indexOf(name);
    return i >= 0 && i + 1 < args.length ? Integer.parseInt(args[i + 1]) : fallback;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private record MapComponents(Map<String, Component> byName) implements Components {
    @Override
    public <T extends Component> T require(String name, Class<T> kind, String what) {
      return kind.cast(byName.get(name));
    }

    @Override
    public List<String> names(Class<? extends Component> kind) {
      return byName.keySet().stream().filter(n -> kind.isInstance(byName.get(n))).toList();
    }

    @Override
    public Map<String, ComponentHealth> health() {
      return Map.of();
    }

    @Override
    public void addListener(ComponentsListener listener) {}
  }

  /** Answers every invocation at once: the benchmark measures the binding and the graph, not actor work. */
  private record AnsweringActors(java.util.function.Consumer<byte[]> onCall) implements ActorService {
    @Override
    public CompletionStage<byte[]> invoke(ActorInvocation invocation) {
      onCall.accept(invocation.payload());
      return CompletableFuture.completedFuture(new byte[0]);
    }

    private static <T> CompletionStage<T> no() {
      return CompletableFuture.failedFuture(
          new IllegalStateException("the benchmark's actor stand-in only answers invocations"));
    }

    @Override public CompletionStage<Optional<byte[]>> getState(ActorId actor, String key) { return no(); }
    @Override public CompletionStage<Void> transactState(ActorId actor, List<StateOperation> operations) { return no(); }
    @Override public CompletionStage<Void> registerReminder(ActorId actor, ReminderSpec reminder) { return no(); }
    @Override public CompletionStage<Optional<ReminderInfo>> getReminder(ActorId actor, String name) { return no(); }
    @Override public CompletionStage<Boolean> unregisterReminder(ActorId actor, String name) { return no(); }
    @Override public CompletionStage<List<ReminderInfo>> listReminders(ActorId actor) { return no(); }
    @Override public CompletionStage<List<ReminderInfo>> listReminders(String actorType) { return no(); }
    @Override public CompletionStage<Void> registerTimer(ActorId actor, TimerSpec timer) { return no(); }
    @Override public CompletionStage<Boolean> unregisterTimer(ActorId actor, String name) { return no(); }
    @Override public CompletionStage<List<ActorTypeInfo>> actorTypes() { return no(); }
  }
}
