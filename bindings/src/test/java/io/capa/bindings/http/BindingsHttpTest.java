package io.capa.bindings.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import io.capa.bindings.api.ComponentBindingService;
import io.capa.bindings.spi.OutputBinding;
import io.capa.components.testkit.MapComponents;
import io.capa.bindings.testing.RecordingActors;
import io.capa.bindings.testing.SharedKafka;
import io.capa.bindings.testing.TestConfigs;
import io.capa.kafka.testkit.EmbeddedKafka;
import io.capa.runtime.api.RuntimeConfig;
import io.capa.runtime.api.RuntimeServers;
import io.capa.runtime.api.RuntimeServices;
import io.capa.runtime.blocks.BindingsHttp;
import io.capa.runtime.metrics.MetricsRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v1.0/bindings/{name}} over real HTTP, into a Kafka output binding on an embedded broker. */
class BindingsHttpTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static EmbeddedKafka kafka;
  private static OutputBinding binding;
  private static RuntimeServers servers;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    kafka = SharedKafka.get();
    kafka.createTopic("http-out", 2);
    binding = (OutputBinding) new io.capa.bindings.internal.kafka.KafkaBindingFactory().create(
        TestConfigs.config("orders", "bindings.kafka",
            Map.of("brokers", kafka.bootstrapServers(), "publishTopic", "http-out", "direction", "output")),
        TestConfigs.context());
    TestConfigs.await("kafka binding healthy", 30, () -> binding.health().up());
    Config config = RuntimeConfig.load("sidecar:\n  port: 0\n  metricsPort: 0\n", "test.yaml");
    RuntimeServices services = new RuntimeServices(config, new RecordingActors(), new MetricsRegistry(), List.of())
        .withHttpRoutes(List.of(new BindingsHttp(new ComponentBindingService(new MapComponents().put("orders", binding)))));
    servers = RuntimeServers.start(KIT.system(), services).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    servers.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    binding.close();
    KIT.shutdownTestKit();
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + servers.httpPort() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void post_create_publishesAndAnswersWithRecordMetadata() throws Exception {
    HttpResponse<String> r = post("/v1.0/bindings/orders",
        "{\"data\":{\"id\":7},\"metadata\":{\"key\":\"o-7\",\"partition\":\"1\"},\"operation\":\"create\"}");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("metadata.topic")).contains("http-out");
    assertThat(r.headers().firstValue("metadata.partition")).contains("1");
    assertThat(r.headers().firstValue("metadata.offset")).isPresent();
  }

  @Test
  void post_malformedJson_is400AndTheServerKeepsServing() throws Exception {
    HttpResponse<String> bad = post("/v1.0/bindings/orders", "{\"data\": ");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("ERR_MALFORMED_JSON");
    assertThat(post("/v1.0/bindings/orders", "{\"data\":\"x\",\"operation\":\"create\"}").statusCode()).isEqualTo(204);
  }

  @Test
  void post_missingOperationOrBadMetadata_is400NamingTheField() throws Exception {
    HttpResponse<String> noOp = post("/v1.0/bindings/orders", "{\"data\":\"x\"}");
    assertThat(noOp.statusCode()).isEqualTo(400);
    assertThat(noOp.body()).contains("operation");
    HttpResponse<String> badMd = post("/v1.0/bindings/orders",
        "{\"data\":\"x\",\"operation\":\"create\",\"metadata\":{\"partition\":\"abc\"}}");
    assertThat(badMd.statusCode()).isEqualTo(400);
    assertThat(badMd.body()).contains("ERR_INVALID_REQUEST").contains("partition");
    HttpResponse<String> nested = post("/v1.0/bindings/orders",
        "{\"data\":\"x\",\"operation\":\"create\",\"metadata\":{\"a\":{\"b\":1}}}");
    assertThat(nested.statusCode()).isEqualTo(400);
    assertThat(nested.body()).contains("metadata.a");
  }

  @Test
  void post_unknownBindingOrOperation_namesWhatIsMissing() throws Exception {
    HttpResponse<String> unknown = post("/v1.0/bindings/nope", "{\"operation\":\"create\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("ERR_COMPONENT_NOT_FOUND").contains("nope");
    HttpResponse<String> op = post("/v1.0/bindings/orders", "{\"operation\":\"delete\"}");
    assertThat(op.body()).contains("ERR_NOT_SUPPORTED").contains("delete");
  }
}
