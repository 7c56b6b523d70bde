package io.capa.bindings.api;

import static io.capa.bindings.testing.TestConfigs.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.capa.api.actors.ActorId;
import io.capa.bindings.internal.kafka.KafkaBindingFactory;
import io.capa.bindings.spi.BindingStreams;
import io.capa.bindings.spi.InputBinding;
import io.capa.bindings.spi.InputSettings;
import io.capa.bindings.spi.OutputBinding;
import io.capa.components.testkit.MapComponents;
import io.capa.bindings.testing.RecordingActors;
import io.capa.bindings.testing.SharedKafka;
import io.capa.bindings.testing.TestConfigs;
import io.capa.components.spi.Component;
import io.capa.kafka.testkit.EmbeddedKafka;
import io.capa.runtime.api.InvocationGraph;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kafka input bindings into the runtime's targets: an actor method, and the application's HTTP route. */
class RuntimeBindingTargetsTest {
  private static EmbeddedKafka kafka;
  private static InvocationGraph graph;
  private final List<Component> components = new ArrayList<>();
  private final List<InputBindings> runs = new ArrayList<>();
  private HttpServer app;
  private final String actorTopic = "to-actor-" + java.util.UUID.randomUUID();
  private final String appTopic = "to-app-" + java.util.UUID.randomUUID();
  private final String replyTopic = "replies-" + java.util.UUID.randomUUID();

  @BeforeAll
  static void start() {
    kafka = SharedKafka.get();
    graph = InvocationGraph.get(BindingStreams.system());
  }

  @AfterEach
  void closeAll() {
    runs.forEach(InputBindings::close);
    components.forEach(Component::close);
    if (app != null) {
      app.stop(0);
    }
  }

  private <T extends Component> T create(String name, Map<String, String> md) {
    @SuppressWarnings("unchecked")
    T c = (T) new KafkaBindingFactory().create(TestConfigs.config(name, "bindings.kafka", md), TestConfigs.context());
    components.add(c);
    return c;
  }

  private void publish(String topic, String key, String value) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private InputBindings run(MapComponents map, RuntimeBindingTargets targets) {
    InputBindings run = new InputBindings(map, targets, new ComponentBindingService(map), BindingStreams.materializer(),
        TestConfigs.SCHEDULER, TestConfigs.BLOCKING);
    runs.add(run);
    run.start();
    assertThat(run.problems()).isEmpty();
    return run;
  }

  @Test
  void actorTarget_keyAsId_invokesTheMethodOfThatActor() throws Exception {
    kafka.createTopic(actorTopic, 1);
    RecordingActors actors = new RecordingActors();
    InputBinding in = create("orders-in", Map.of("brokers", kafka.bootstrapServers(), "topics", actorTopic,
        "consumerGroup", "g-" + actorTopic, "initialOffset", "oldest", "target", "actor/Order/{key}/handle"));
    run(new MapComponents().put("orders-in", in), new RuntimeBindingTargets(graph, Optional.of(actors),
        Optional.empty(), Optional.empty(), Duration.ofSeconds(5), TestConfigs.BLOCKING));
    publish(actorTopic, "o-1", "paid");
    await("the actor call", 60, () -> !actors.calls.isEmpty());
    assertThat(actors.calls.get(0).actor()).isEqualTo(new ActorId("Order", "o-1"));
    assertThat(actors.calls.get(0).method()).isEqualTo("handle");
    assertThat(new String(actors.calls.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("paid");
  }

  @Test
  void appTarget_non2xxIsRetried_andTheAnswerGoesToTheResponseBinding() throws Exception {
    kafka.createTopic(appTopic, 1);
    kafka.createTopic(replyTopic, 1);
    List<String> seen = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext("/orders-in", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      seen.add(body + "|" + exchange.getRequestHeaders().getFirst("metadata.key"));
      byte[] answer = ("ack:" + body).getBytes(StandardCharsets.UTF_8);
      // The first call fails: the runtime must call again.
      exchange.sendResponseHeaders(calls.incrementAndGet() == 1 ? 500 : 200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    app.start();
    InputBinding in = create("orders-in", Map.of("brokers", kafka.bootstrapServers(), "topics", appTopic,
        "consumerGroup", "g-" + appTopic, "initialOffset", "oldest", "retryBackoff", "10ms", "responseBindings", "replies"));
    OutputBinding replies = create("replies", Map.of("brokers", kafka.bootstrapServers(), "publishTopic", replyTopic,
        "direction", "output"));
    await("reply binding healthy", 30, () -> replies.health().up());
    URI base = URI.create("http://127.0.0.1:" + app.getAddress().getPort());
    run(new MapComponents().put("orders-in", in).put("replies", replies), new RuntimeBindingTargets(graph,
        Optional.empty(), Optional.of(base), Optional.empty(), Duration.ofSeconds(5), TestConfigs.BLOCKING));
    publish(appTopic, "k-9", "order-9");

    await("two calls of the app", 60, () -> seen.size() >= 2);
    assertThat(seen).containsExactly("order-9|k-9", "order-9|k-9");
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + replyTopic);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      reader.subscribe(List.of(replyTopic));
      List<String> got = new ArrayList<>();
      await("the reply on the replies topic", 60, () -> {
        reader.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
        return !got.isEmpty();
      });
      assertThat(got).containsExactly("ack:order-9");
    }
  }

  @Test
  void resolve_targetThisRuntimeCannotReach_isRefusedWithTheReason() {
    RuntimeBindingTargets none = new RuntimeBindingTargets(graph, Optional.empty(), Optional.empty(), Optional.empty(),
        Duration.ofSeconds(1), TestConfigs.BLOCKING);
    InputSettings app = new InputSettings("app", "/x", 1, 0, Duration.ofMillis(1), List.of());
    InputSettings actor = new InputSettings("actor/T/i/m", "/x", 1, 0, Duration.ofMillis(1), List.of());
    InputSettings rpc = new InputSettings("rpc", "/x", 1, 0, Duration.ofMillis(1), List.of());
    assertThatThrownBy(() -> none.resolve("b", app)).hasMessageContaining("app port");
    assertThatThrownBy(() -> none.resolve("b", actor)).hasMessageContaining("actor");
    assertThatThrownBy(() -> none.resolve("b", rpc)).hasMessageContaining("capability");
  }
}
