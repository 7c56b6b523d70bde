package io.capa.benchmarks.bindings;

import io.capa.api.bindings.BindingRequest;
import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.ClosedLoop;
import io.capa.benchmarks.internal.Machine;
import io.capa.benchmarks.internal.Table;
import io.capa.bindings.api.BindingTargets;
import io.capa.bindings.api.ComponentBindingService;
import io.capa.bindings.api.InputBindings;
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
import io.capa.components.spi.ComponentFactory;
import io.capa.components.spi.ComponentHealth;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * MQTT round trip through the bindings against Paho alone, in the same run, on a broker (default
 * the local mosquitto on 1883). One call is one message, timed from the publish to its arrival:
 *
 * <ul>
 *   <li>{@code capa}: {@code bindings.mqtt3} output {@code create} (completes on PUBACK) ─► broker ─►
 *       {@code bindings.mqtt3} input run by {@code InputBindings} (manual PUBACK after the target)
 *       ─► a target that completes the call;
 *   <li>{@code paho}: the peer: one Paho client publishing at QoS 1, another subscribed at QoS 1
 *       with Paho's automatic acks, completing the call in {@code messageArrived}.
 * </ul>
 *
 * <p>Rounds alternate the two; each prints messages/s, p50 and p99, then the ratio of the medians
 * of p50. Options: {@code --url tcp://127.0.0.1:1883 --callers 16 --payload 128 --warmup 2s --round
 * 3s --rounds 3 --contenders capa,paho}.
 */
public final class MqttRoundTripBench {
  private static final ExecutorService BLOCKING = Executors.newFixedThreadPool(4, daemon("bench-blocking"));
  private static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(1, daemon("bench-scheduler"));

  private MqttRoundTripBench() {}

  /** Calls waiting for their message, by the id in the payload's first 8 bytes. */
  private static final class Waiting {
    private final Map<Long, CompletableFuture<Void>> calls = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final int payloadBytes;

    Waiting(int payloadBytes) {
      this.payloadBytes = Math.max(8, payloadBytes);
    }

    byte[] next(CompletableFuture<Void> call) {
      long id = ids.incrementAndGet();
      calls.put(id, call);
      return ByteBuffer.allocate(payloadBytes).putLong(id).array();
    }

    void arrived(byte[] payload) {
      CompletableFuture<Void> call = calls.remove(ByteBuffer.wrap(payload).getLong());
      if (call != null) {
        call.complete(null);
      }
    }

    void forget(byte[] payload) {
      calls.remove(ByteBuffer.wrap(payload).getLong());
    }
  }

  interface Contender extends AutoCloseable {
    String name();

    IntFunction<CompletionStage<?>> call();

    @Override
    void close() throws Exception;
  }

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    String url = a.string("url", "tcp://127.0.0.1:1883");
    int callers = a.integer("callers", 16);
    int payload = a.integer("payload", 128);
    Duration warmup = a.duration("warmup", "2s");
    Duration round = a.duration("round", "3s");
    int rounds = a.integer("rounds", 3);
    List<String> wanted = List.of(a.string("contenders", "capa,paho").split(","));
    Machine.printHeader("MQTT round trip (publish to arrival at QoS 1), " + url + ", " + callers + " callers, "
        + payload + "-byte payloads");

    List<Contender> contenders = new ArrayList<>();
    try {
      if (wanted.contains("capa")) {
        contenders.add(capa(url, payload));
      }
      if (wanted.contains("paho")) {
        contenders.add(paho(url, payload));
      }
      Map<String, List<ClosedLoop.Result>> results = new LinkedHashMap<>();
      for (int r = 0; r < rounds; r++) {
        for (Contender c : contenders) {
          ClosedLoop.Result res = new ClosedLoop(callers, c.call()).run(c.name(), warmup, round);
          results.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(res);
          if (res.error() != null) {
            System.err.println(c.name() + ": first error: " + res.error());
          }
        }
      }
      print(results);
    } finally {
      for (Contender c : contenders) {
        c.close();
      }
      BindingStreams.system().terminate();
    }
  }

  private static Contender capa(String url, int payloadBytes) throws Exception {
    String topic = "capa-bench/" + UUID.randomUUID();
    String client = "capa-bench-" + UUID.randomUUID();
    Waiting waiting = new Waiting(payloadBytes);
    OutputBinding out = (OutputBinding) create("out", Map.of("url", url, "topic", topic, "consumerID", client + "-o",
        "direction", "output"));
    InputBinding in = (InputBinding) create("in", Map.of("url", url, "topic", topic, "consumerID", client + "-i",
        "direction", "input", "cleanSession", "true"));
    MapComponents components = new MapComponents(Map.of("out", out, "in", in));
    ComponentBindingService service = new ComponentBindingService(components);
    BindingTargets targets = (name, settings) -> (binding, data, md) -> {
      waiting.arrived(data);
      return CompletableFuture.completedFuture(new byte[0]);
    };
    InputBindings run = new InputBindings(components, targets, service, BindingStreams.materializer(), SCHEDULER, BLOCKING);
    run.start();
    awaitUp(in, out);
    return new Contender() {
      @Override
      public String name() {
        return "capa";
      }

      @Override
      public IntFunction<CompletionStage<?>> call() {
        return caller -> {
          CompletableFuture<Void> arrived = new CompletableFuture<>();
          byte[] payload = waiting.next(arrived);
          return service.invoke(new BindingRequest("out", "create", payload, Map.of()))
              .whenComplete((r, e) -> {
                if (e != null) {
                  waiting.forget(payload);
                  arrived.completeExceptionally(e);
                }
              })
              .thenCompose(r -> arrived);
        };
      }

      @Override
      public void close() {
        run.close();
        in.close();
        out.close();
      }
    };
  }

  private static Contender paho(String url, int payloadBytes) throws Exception {
    String topic = "capa-bench/" + UUID.randomUUID();
    Waiting waiting = new Waiting(payloadBytes);
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setMaxInflight(1024);
    MqttAsyncClient sub = new MqttAsyncClient(url, "paho-bench-s-" + UUID.randomUUID(), new MemoryPersistence());
    sub.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {}

      @Override
      public void messageArrived(String t, MqttMessage message) {
        waiting.arrived(message.getPayload());
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
    sub.connect(options).waitForCompletion(10_000);
    sub.subscribe(topic, 1).waitForCompletion(10_000);
    MqttAsyncClient pub = new MqttAsyncClient(url, "paho-bench-p-" + UUID.randomUUID(), new MemoryPersistence());
    pub.connect(options).waitForCompletion(10_000);
    return new Contender() {
      @Override
      public String name() {
        return "paho";
      }

      @Override
      public IntFunction<CompletionStage<?>> call() {
        return caller -> {
          CompletableFuture<Void> arrived = new CompletableFuture<>();
          byte[] payload = waiting.next(arrived);
          try {
            pub.publish(topic, payload, 1, false);
          } catch (Exception e) {
            waiting.forget(payload);
            arrived.completeExceptionally(e);
          }
          return arrived;
        };
      }

      @Override
      public void close() throws Exception {
        pub.disconnect().waitForCompletion(5_000);
        sub.disconnect().waitForCompletion(5_000);
        pub.close();
        sub.close();
      }
    };
  }

  private static Component create(String name, Map<String, String> metadata) throws Exception {
    Map<String, MetadataValue> md = new LinkedHashMap<>();
    metadata.forEach((k, v) -> md.put(k, new MetadataValue.Plain(v)));
    ComponentSpec spec = new ComponentSpec(name, "bindings.mqtt3", "v1", md, List.of(), Optional.empty(),
        Path.of(name + ".yaml"), 1);
    ComponentContext context = new ComponentContext("bench", BLOCKING, SCHEDULER, Files.createTempDirectory("capa-bench"));
    for (ComponentFactory f : ServiceLoader.load(ComponentFactory.class)) {
      if (f.types().contains("bindings.mqtt3")) {
        return f.create(new ComponentConfig(spec, metadata), context);
      }
    }
    throw new IllegalStateException("no factory for bindings.mqtt3 on the class path");
  }

  private static void awaitUp(Component... components) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (Component c : components) {
      while (!c.health().up()) {
        if (System.nanoTime() > until) {
          throw new IllegalStateException("binding not connected: " + c.health().detail());
        }
        Thread.sleep(50);
      }
    }
  }

  private static void print(Map<String, List<ClosedLoop.Result>> results) {
    Table t = new Table("per round: messages/s, p50, p99 (ms) of publish to arrival, failures",
        "contender", "round", "msgs/s", "p50", "p99", "failed");
    Map<String, Double> medianP50 = new LinkedHashMap<>();
    results.forEach((name, list) -> {
      List<Double> p50s = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        ClosedLoop.Result r = list.get(i);
        long p50 = r.latencyMicros().getValueAtPercentile(50);
        p50s.add((double) p50);
        t.row(name, i + 1, String.format("%.0f", r.perSecond()), Table.ms(p50),
            Table.ms(r.latencyMicros().getValueAtPercentile(99)), r.failures());
      }
      medianP50.put(name, Table.median(p50s));
    });
    t.print();
    if (medianP50.containsKey("capa") && medianP50.containsKey("paho")) {
      System.out.printf("capa p50 / paho p50 (medians over rounds): %.2f%n", medianP50.get("capa") / medianP50.get("paho"));
    }
  }

  /** Components over a fixed map: the bench needs no components folder. */
  private record MapComponents(Map<String, Component> byName) implements Components {
    @Override
    public <T extends Component> T require(String name, Class<T> kind, String what) {
      Component c = byName.get(name);
      if (!kind.isInstance(c)) {
        throw new IllegalArgumentException(what + " '" + name + "' is not configured");
      }
      return kind.cast(c);
    }

    @Override
    public List<String> names(Class<? extends Component> kind) {
      return byName.entrySet().stream().filter(e -> kind.isInstance(e.getValue())).map(Map.Entry::getKey).sorted().toList();
    }

    @Override
    public Map<String, ComponentHealth> health() {
      Map<String, ComponentHealth> h = new LinkedHashMap<>();
      byName.forEach((k, v) -> h.put(k, v.health()));
      return h;
    }

    @Override
    public void addListener(ComponentsListener listener) {}
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
