package io.capa.benchmarks.bindings;

import io.capa.api.bindings.BindingRequest;
import io.capa.bindings.api.ComponentBindingService;
import io.capa.bindings.api.InputBindings;
import io.capa.bindings.internal.mqtt.MqttBindingFactory;
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
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * MQTT publish-to-delivery round trip through the bindings, against the Mosquitto on
 * {@code --url} (default tcp://127.0.0.1:1883): an {@code bindings.mqtt3} output binding publishes
 * at {@code --rate} messages/s (default 500) for {@code --messages} (default 5,000) messages, each
 * carrying its send time; an input binding on the same topic delivers them to a target that records
 * send-to-target latency (QoS 1 both ways). Prints p50, p99 and max.
 */
public final class MqttBindingBench {
  private static final ExecutorService BLOCKING = Executors.newFixedThreadPool(4);
  private static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(2);

  private MqttBindingBench() {}

  public static void main(String[] args) throws Exception {
    String url = stringArg(args, "--url", "tcp://127.0.0.1:1883");
    int messages = Integer.parseInt(stringArg(args, "--messages", "5000"));
    double rate = Double.parseDouble(stringArg(args, "--rate", "500"));
    String topic = "capa/bench/" + UUID.randomUUID();
    String suffix = UUID.randomUUID().toString().substring(0, 12);
    OutputBinding out = (OutputBinding) create("out", Map.of("url", url, "topic", topic, "direction", "output",
        "consumerID", "capa-bench-out-" + suffix));
    InputBinding in = (InputBinding) create("in", Map.of("url", url, "topic", topic, "direction", "input",
        "consumerID", "capa-bench-in-" + suffix, "cleanSession", "true"));
    ConcurrentHistogram latency = new ConcurrentHistogram(3);
    LongAdder delivered = new LongAdder();
    Components components = new MapComponents(Map.of("out", out, "in", in));
    ComponentBindingService service = new ComponentBindingService(components);
    try (InputBindings inputs = new InputBindings(components, (name, settings) -> (binding, data, md) -> {
      latency.recordValue(Math.max(0, (System.nanoTime() - ByteBuffer.wrap(data).getLong()) / 1000));
      delivered.increment();
      return CompletableFuture.completedFuture(new byte[0]);
    }, service, BindingStreams.materializer(), SCHEDULER, BLOCKING)) {
      inputs.start();
      while (!out.health().up()) {
        Thread.sleep(50);
      }
      Thread.sleep(1000);   // the subscription is made by the input stream; give it a moment
      long start = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        long due = start + (long) (i * 1e9 / rate);
        while (System.nanoTime() < due) {
          Thread.onSpinWait();
        }
        byte[] data = ByteBuffer.allocate(64).putLong(System.nanoTime()).array();
        service.invoke(new BindingRequest("out", "create", data, Map.of()));
      }
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (delivered.sum() < messages && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      System.out.printf("MQTT round trip at %.0f msg/s: %d of %d delivered; p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          rate, delivered.sum(), messages, latency.getValueAtPercentile(50) / 1000.0,
          latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0);
    } finally {
      out.close();
      in.close();
      BLOCKING.shutdownNow();
      SCHEDULER.shutdownNow();
      BindingStreams.system().terminate();
    }
  }

  private static Component create(String name, Map<String, String> md) throws Exception {
    Map<String, MetadataValue> spec = new LinkedHashMap<>();
    md.forEach((k, v) -> spec.put(k, new MetadataValue.Plain(v)));
    ComponentConfig config = new ComponentConfig(new ComponentSpec(name, "bindings.mqtt3", "v1", spec, List.of(),
        Optional.empty(), Path.of("bench", name + ".yaml"), 1), md);
    return new MqttBindingFactory().create(config,
        new ComponentContext("bench", BLOCKING, SCHEDULER, Files.createTempDirectory("bench")));
  }

  private static String stringArg(String[] args, String name, String fallback) {
    int i = Arrays.asList(args).indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
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
}
