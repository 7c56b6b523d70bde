package io.capa.state.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capa.api.actors.ActorService;
import io.capa.runtime.api.RuntimeConfig;
import io.capa.runtime.api.RuntimeServers;
import io.capa.runtime.api.RuntimeServices;
import io.capa.runtime.blocks.StateHttp;
import io.capa.runtime.metrics.MetricsRegistry;
import io.capa.runtime.spi.HttpRoutes;
import io.capa.state.api.ComponentStateService;
import io.capa.state.spi.StateStore;
import io.capa.components.testkit.MapComponents;
import io.capa.state.testkit.TestComponents;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link StateHttp} over real sockets: the runtime's HTTP API with the state routes plugged in, the
 * state service over a real Redis store. Every test ends by checking that the server still serves
 * and that a value saved before all tests is intact.
 */
class StateHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STORE = "statestore";
  private static final int MAX_VALUE = 64 * 1024;
  private static final String APP = "http" + UUID.randomUUID().toString().substring(0, 8);

  private static ActorSystem<Void> system;
  private static TestComponents components;
  private static StateStore store;
  private static RuntimeServers servers;
  private static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    components = new TestComponents(APP);
    store = (StateStore) components.create(STORE, "state.redis", java.util.Map.of("redisHost", "127.0.0.1:6379"));
    assertThat(TestComponents.awaitUp(store, Duration.ofSeconds(10))).isTrue();
    ComponentStateService state = new ComponentStateService(new MapComponents().put(STORE, store), APP,
        components.executor(), MAX_VALUE);
    system = ActorSystem.create(Behaviors.empty(), "state-http");
    var config = RuntimeConfig.load("sidecar:\n  port: 0\n  metricsPort: 0\n", "test.yaml");
    ActorService noActors = (ActorService) Proxy.newProxyInstance(StateHttpTest.class.getClassLoader(),
        new Class<?>[] {ActorService.class}, (p, m, a) -> {
          throw new UnsupportedOperationException("no actors in this test");
        });
    RuntimeServices services = new RuntimeServices(config, noActors, new MetricsRegistry(), List.of())
        .withHttpRoutes(List.<HttpRoutes>of(new StateHttp(state)));
    servers = RuntimeServers.start(system, services).toCompletableFuture().get(20, TimeUnit.SECONDS);
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    assertThat(post("/v1.0/state/" + STORE, "[{\"key\":\"sentinel\",\"value\":{\"kept\":true}}]").statusCode()).isEqualTo(204);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      servers.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
      system.terminate();
    } finally {
      store.close();
      components.close();
      io.capa.state.internal.RedisKeys.deleteKeys("redis://127.0.0.1:6379", APP + "*");
    }
  }

  @AfterEach
  void serverKeepsServingAndDataIsIntact() {
    HttpResponse<String> r = get("/v1.0/state/" + STORE + "/sentinel");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"kept\":true}");
  }

  private static String key(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static HttpResponse<String> send(String method, String path, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + servers.httpPort() + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> get(String path) {
    return send("GET", path, null);
  }

  private static HttpResponse<String> post(String path, String body) {
    return send("POST", path, body);
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  private static void assertError(HttpResponse<String> r, int status, String code, String messagePart) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode body = json(r);
    assertThat(body.path("errorCode").asText()).isEqualTo(code);
    assertThat(body.path("message").asText()).contains(messagePart);
  }

  @Test
  void saveThenGet_jsonValue_returnsItsJsonBytesAndEtag() {
    String k = key("order");
    assertThat(post("/v1.0/state/" + STORE, "[{\"key\":\"" + k + "\",\"value\":{\"id\":7,\"name\":\"été\"}}]").statusCode())
        .isEqualTo(204);

    HttpResponse<String> r = get("/v1.0/state/" + STORE + "/" + k);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"id\":7,\"name\":\"été\"}");
    assertThat(r.headers().firstValue("ETag")).isPresent();
  }

  @Test
  void save_stringValue_isStoredWithItsQuotes() {
    String k = key("text");
    post("/v1.0/state/" + STORE, "[{\"key\":\"" + k + "\",\"value\":\"abc\"}]");

    assertThat(get("/v1.0/state/" + STORE + "/" + k).body()).isEqualTo("\"abc\"");
  }

  @Test
  void get_absentKey_is204() {
    assertThat(get("/v1.0/state/" + STORE + "/" + key("absent")).statusCode()).isEqualTo(204);
  }

  @Test
  void get_consistencyAndMetadataQuery_areAccepted() {
    String k = key("q");
    post("/v1.0/state/" + STORE, "[{\"key\":\"" + k + "\",\"value\":1}]");

    HttpResponse<String> r = get("/v1.0/state/" + STORE + "/" + k + "?consistency=strong&metadata.partitionKey=p1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("1");
  }

  @Test
  void get_unknownConsistency_is400() throws IOException {
    assertError(get("/v1.0/state/" + STORE + "/x?consistency=sometimes"), 400, "ERR_INVALID_REQUEST", "sometimes");
  }

  @Test
  void save_wrongEtag_is409AndValueStays() throws IOException {
    String k = key("etag");
    post("/v1.0/state/" + STORE, "[{\"key\":\"" + k + "\",\"value\":\"v1\"}]");
    String etag = get("/v1.0/state/" + STORE + "/" + k).headers().firstValue("ETag").orElseThrow();
    post("/v1.0/state/" + STORE, "[{\"key\":\"" + k + "\",\"value\":\"v2\",\"etag\":\"" + etag + "\"}]");

    assertError(post("/v1.0/state/" + STORE, "[{\"key\":\"" + k + "\",\"value\":\"v3\",\"etag\":\"" + etag + "\"}]"),
        409, "ERR_ETAG_MISMATCH", k);
    assertThat(get("/v1.0/state/" + STORE + "/" + k).body()).isEqualTo("\"v2\"");
  }

  @Test
  void save_unreadableEtag_is400() throws IOException {
    String k = key("etag-garbage");
    post("/v1.0/state/" + STORE, "[{\"key\":\"" + k + "\",\"value\":1}]");
    assertError(post("/v1.0/state/" + STORE, "[{\"key\":\"" + k + "\",\"value\":2,\"etag\":\"zz\"}]"),
        400, "ERR_ETAG_INVALID", "zz");
  }

  @Test
  void save_firstWriteOption_refusesAnExistingKey() throws IOException {
    String k = key("first");
    String body = "[{\"key\":\"" + k + "\",\"value\":1,\"options\":{\"concurrency\":\"first-write\",\"consistency\":\"strong\"}}]";
    assertThat(post("/v1.0/state/" + STORE, body).statusCode()).isEqualTo(204);
    assertError(post("/v1.0/state/" + STORE, body), 409, "ERR_ETAG_MISMATCH", k);
  }

  @Test
  void delete_ifMatch_checksTheEtag() throws IOException {
    String k = key("del");
    post("/v1.0/state/" + STORE, "[{\"key\":\"" + k + "\",\"value\":1}]");
    String etag = get("/v1.0/state/" + STORE + "/" + k).headers().firstValue("ETag").orElseThrow();

    assertError(send("DELETE", "/v1.0/state/" + STORE + "/" + k, null, "If-Match", "999999"), 409, "ERR_ETAG_MISMATCH", k);
    assertThat(get("/v1.0/state/" + STORE + "/" + k).statusCode()).isEqualTo(200);
    assertThat(send("DELETE", "/v1.0/state/" + STORE + "/" + k, null, "If-Match", etag).statusCode()).isEqualTo(204);
    assertThat(get("/v1.0/state/" + STORE + "/" + k).statusCode()).isEqualTo(204);
  }

  @Test
  void bulk_answersEachKeyWithDataAndEtag() throws IOException {
    String a = key("a");
    String b = key("b");
    post("/v1.0/state/" + STORE, "[{\"key\":\"" + a + "\",\"value\":{\"n\":1}},{\"key\":\"" + b + "\",\"value\":\"two\"}]");

    HttpResponse<String> r = post("/v1.0/state/" + STORE + "/bulk",
        "{\"keys\":[\"" + a + "\",\"missing\",\"" + b + "\"],\"parallelism\":2}");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode items = json(r);
    assertThat(items).hasSize(3);
    assertThat(items.get(0).path("key").asText()).isEqualTo(a);
    assertThat(items.get(0).path("data").path("n").asInt()).isEqualTo(1);
    assertThat(items.get(0).path("etag").asText()).isNotEmpty();
    assertThat(items.get(1).has("data")).isFalse();
    assertThat(items.get(2).path("data").asText()).isEqualTo("two");
  }

  @Test
  void transaction_failingEtag_appliesNothing() throws IOException {
    String fresh = key("tx-fresh");
    String existing = key("tx-existing");
    post("/v1.0/state/" + STORE, "[{\"key\":\"" + existing + "\",\"value\":\"before\"}]");

    HttpResponse<String> r = post("/v1.0/state/" + STORE + "/transaction", "{\"operations\":["
        + "{\"operation\":\"upsert\",\"request\":{\"key\":\"" + fresh + "\",\"value\":1}},"
        + "{\"operation\":\"delete\",\"request\":{\"key\":\"" + existing + "\",\"etag\":\"424242\"}}],\"metadata\":{}}");

    assertError(r, 409, "ERR_ETAG_MISMATCH", existing);
    assertThat(get("/v1.0/state/" + STORE + "/" + fresh).statusCode()).isEqualTo(204);
    assertThat(get("/v1.0/state/" + STORE + "/" + existing).body()).isEqualTo("\"before\"");
  }

  @Test
  void transaction_upsertAndDelete_applyBoth() {
    String fresh = key("tx-new");
    String old = key("tx-old");
    post("/v1.0/state/" + STORE, "[{\"key\":\"" + old + "\",\"value\":0}]");

    HttpResponse<String> r = post("/v1.0/state/" + STORE + "/transaction", "{\"operations\":["
        + "{\"operation\":\"upsert\",\"request\":{\"key\":\"" + fresh + "\",\"value\":[1,2]}},"
        + "{\"operation\":\"delete\",\"request\":{\"key\":\"" + old + "\"}}]}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    assertThat(get("/v1.0/state/" + STORE + "/" + fresh).body()).isEqualTo("[1,2]");
    assertThat(get("/v1.0/state/" + STORE + "/" + old).statusCode()).isEqualTo(204);
  }

  @Test
  void save_ttlMetadata_expires() throws Exception {
    String k = key("ttl");
    post("/v1.0/state/" + STORE, "[{\"key\":\"" + k + "\",\"value\":1,\"metadata\":{\"ttlInSeconds\":\"1\"}}]");

    assertThat(TestComponents.await(Duration.ofSeconds(15),
        () -> get("/v1.0/state/" + STORE + "/" + k).statusCode() == 204)).isTrue();
  }

  @Test
  void garbageBodies_are400WithWhatIsWrong() throws IOException {
    String path = "/v1.0/state/" + STORE;
    assertError(post(path, "[{\"key\":"), 400, "ERR_MALFORMED_JSON", "not valid JSON");
    assertError(post(path, "{\"key\":\"k\",\"value\":1}"), 400, "ERR_MALFORMED_JSON", "array");
    assertError(post(path, ""), 400, "ERR_MALFORMED_JSON", "no body");
    assertError(post(path, "[{\"value\":1}]"), 400, "ERR_MALFORMED_JSON", "key");
    assertError(post(path, "[{\"key\":\"k\"}]"), 400, "ERR_MALFORMED_JSON", "no value");
    assertError(post(path, "[{\"key\":\"k\",\"value\":1,\"options\":{\"concurrency\":\"sometimes\"}}]"), 400,
        "ERR_INVALID_REQUEST", "concurrency");
    assertError(post(path, "[{\"key\":\"k\",\"value\":1,\"metadata\":{\"ttlInSeconds\":\"soon\"}}]"), 400,
        "ERR_INVALID_REQUEST", "ttlInSeconds");
    assertError(post(path + "/bulk", "{\"keys\":\"k\"}"), 400, "ERR_MALFORMED_JSON", "keys");
    assertError(post(path + "/transaction", "{\"operations\":[{\"operation\":\"merge\",\"request\":{\"key\":\"k\"}}]}"),
        400, "ERR_MALFORMED_JSON", "merge");
    assertError(post(path + "/transaction", "{\"operations\":[]}"), 400, "ERR_INVALID_REQUEST", "operations");
    assertError(post(path, "\u0000\u0001binary"), 400, "ERR_MALFORMED_JSON", "not valid JSON");
  }

  @Test
  void invalidKeys_are400() throws IOException {
    assertError(post("/v1.0/state/" + STORE, "[{\"key\":\"a||b\",\"value\":1}]"), 400, "ERR_INVALID_REQUEST", "||");
    assertError(post("/v1.0/state/" + STORE, "[{\"key\":\"\",\"value\":1}]"), 400, "ERR_INVALID_REQUEST", "key");
    assertError(get("/v1.0/state/" + STORE + "/" + URLEncoder.encode("x||sentinel", StandardCharsets.UTF_8)), 400,
        "ERR_INVALID_REQUEST", "||");
  }

  @Test
  void oversizedValue_is413AndNothingIsWritten() throws IOException {
    String k = key("big");
    String big = "x".repeat(MAX_VALUE + 10);
    assertError(post("/v1.0/state/" + STORE, "[{\"key\":\"" + k + "\",\"value\":\"" + big + "\"}]"), 413,
        "ERR_PAYLOAD_TOO_LARGE", k);
    assertThat(get("/v1.0/state/" + STORE + "/" + k).statusCode()).isEqualTo(204);
  }

  @Test
  void unknownStore_is400StateStoreNotFound() throws IOException {
    assertError(get("/v1.0/state/nostore/k"), 400, "ERR_STATE_STORE_NOT_FOUND", "nostore");
    assertError(post("/v1.0/state/nostore", "[{\"key\":\"k\",\"value\":1}]"), 400, "ERR_STATE_STORE_NOT_FOUND", "nostore");
    assertError(post("/v1.0/state/nostore/bulk", "{\"keys\":[\"k\"]}"), 400, "ERR_STATE_STORE_NOT_FOUND", "nostore");
  }
}
