package io.capa.dist.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.lock.LockRequest;
import io.capa.api.lock.UnlockRequest;
import io.capa.api.lock.UnlockStatus;
import io.capa.api.pubsub.PublishRequest;
import io.capa.api.sequencer.Increment;
import io.capa.api.sequencer.NextIdRequest;
import io.capa.api.state.SaveRequest;
import io.capa.dist.HttpFixture;
import io.capa.dist.HttpFixture.Response;
import io.capa.runtime.api.RuntimeConfig;
import io.capa.sdk.api.CapaClient;
import io.capa.sdk.api.Mode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every building block through a real node: its HTTP API on Dapr's paths, the SDK over RPC in
 * SIDECAR mode, pub/sub deliveries to an application's HTTP route (a JDK HTTP server on the app
 * port), hot reload of the components folder, and a component whose server is not there.
 */
class NodeBlocksTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  static Path dir;
  static Path components;
  static Node node;
  static HttpFixture http;
  static HttpServer app;
  static final List<String> delivered = new CopyOnWriteArrayList<>();
  static final String TOPIC = "orders-" + UUID.randomUUID();
  static final String FLAKY = "flaky-" + UUID.randomUUID();
  static final java.util.concurrent.atomic.AtomicInteger flakyCalls = new java.util.concurrent.atomic.AtomicInteger();
  static final List<String> flakyDone = new CopyOnWriteArrayList<>();
  static final List<String> pushes = new CopyOnWriteArrayList<>();
  static final String DECLARED = "declared-" + UUID.randomUUID();
  static final List<String> declaredDone = new CopyOnWriteArrayList<>();
  static Path settingsFile;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("capa-dist-blocks");
    components = Files.createDirectory(dir.resolve("components"));
    Path secrets = dir.resolve("secrets.json");
    Files.writeString(secrets, "{\"db\": \"s3cret\"}");
    Path files = Files.createDirectory(dir.resolve("files"));
    component("store.yaml", "store", "state.h2", Map.of());
    component("bus.yaml", "bus", "pubsub.in-memory", Map.of());
    component("locks.yaml", "locks", "lock.in-memory", Map.of());
    component("ids.yaml", "ids", "sequencer.embedded", Map.of());
    component("vault.yaml", "vault", "secretstores.local.file", Map.of("secretsFile", secrets.toString()));
    component("disk.yaml", "disk", "bindings.localstorage", Map.of("rootPath", files.toString()));
    Files.writeString(components.resolve("subscriptions.yaml"), String.join("\n",
        "apiVersion: dapr.io/v2alpha1",
        "kind: Subscription",
        "metadata:",
        "  name: declared",
        "spec:",
        "  pubsubname: bus",
        "  topic: " + DECLARED,
        "  routes:",
        "    default: /declared",
        "scopes: [blocks-e2e]",
        "---",
        "apiVersion: dapr.io/v2alpha1",
        "kind: Subscription",
        "metadata:",
        "  name: someone-else",
        "spec:",
        "  pubsubname: bus",
        "  topic: other-app",
        "  routes:",
        "    default: /declared",
        "scopes: [billing]",
        "---",
        "apiVersion: dapr.io/v1alpha1",
        "kind: Subscription",
        "metadata:",
        "  name: no-topic",
        "spec:",
        "  pubsubname: bus",
        "  route: /declared",
        ""));
    settingsFile = dir.resolve("settings.yaml");
    Files.writeString(settingsFile, "greeting: hello\n");
    component("settings.yaml", "settings", "configuration.file",
        Map.of("path", settingsFile.toString(), "pollInterval", "100ms"));
    // Nothing listens on this port: the store is down from the start.
    component("down.yaml", "down", "state.redis", Map.of("redisHost", "127.0.0.1:" + closedPort()));

    app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext("/dapr/subscribe", ex -> reply(ex, 200,
        "[{\"pubsubname\":\"bus\",\"topic\":\"" + TOPIC + "\",\"route\":\"/orders\"},"
            + "{\"pubsubname\":\"bus\",\"topic\":\"" + FLAKY + "\",\"routes\":{\"default\":\"/flaky\"}},"
            + "{\"topic\":\"no-pubsub\"}]"));
    // Fails every message the first time: the runtime must deliver it again.
    app.createContext("/flaky", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), UTF_8);
      if (flakyCalls.incrementAndGet() % 2 == 1) {
        reply(ex, 500, "{}");
      } else {
        flakyDone.add(body);
        reply(ex, 200, "");
      }
    });
    app.createContext("/orders", ex -> {
      delivered.add(new String(ex.getRequestBody().readAllBytes(), UTF_8));
      reply(ex, 200, "{\"status\":\"SUCCESS\"}");
    });
    app.createContext("/declared", ex -> {
      declaredDone.add(new String(ex.getRequestBody().readAllBytes(), UTF_8));
      reply(ex, 200, "");
    });
    app.createContext("/configuration", ex -> {
      pushes.add(ex.getRequestURI().getPath() + " " + new String(ex.getRequestBody().readAllBytes(), UTF_8));
      reply(ex, 200, "");
    });
    app.start();

    String yaml = String.join("\n",
        "dataDir: " + dir.resolve("data"),
        "appId: blocks-e2e",
        "components:",
        "  path: " + components,
        "app:",
        "  port: " + app.getAddress().getPort(),
        "sidecar:",
        "  port: 0",
        "  metricsPort: 0",
        "  grpcPort: 0",
        "cluster:",
        "  port: 0",
        "");
    node = Node.start(RuntimeConfig.load(yaml, "test.yaml"));
    http = new HttpFixture(node.httpPort(), WAIT);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
    if (app != null) {
      app.stop(0);
    }
  }

  // ---- (a) over HTTP, on Dapr's paths

  @Test
  void http_stateSaveAndGet() throws Exception {
    assertThat(http.post("/v1.0/state/store", "[{\"key\":\"h1\",\"value\":{\"n\":1}}]").status()).isEqualTo(204);
    Response got = http.get("/v1.0/state/store/h1");
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.body().replace(" ", "")).isEqualTo("{\"n\":1}");
    assertThat(http.get("/v1.0/state/nope/h1").errorCode()).isEqualTo("ERR_STATE_STORE_NOT_FOUND");
  }

  @Test
  void http_publish_isDeliveredToTheAppRoute() throws Exception {
    String order = "{\"order\":\"" + UUID.randomUUID() + "\"}";
    assertThat(http.post("/v1.0/publish/bus/" + TOPIC, order).status()).isEqualTo(204);

    waitUntil("the app received the order", () -> delivered.stream().anyMatch(b -> b.contains(order.substring(10))));
    String envelope = delivered.stream().filter(b -> b.contains(order.substring(10))).findFirst().orElseThrow();
    assertThat(envelope).contains("\"specversion\":\"1.0\"").contains("\"topic\":\"" + TOPIC + "\"");
    assertThat(node.blocks().appSubscriptions()).containsEntry("bus/" + TOPIC, "/orders");
  }

  @Test
  void appRouteFailing_messageIsDeliveredAgain_andABrokenSubscriptionIsSkipped() throws Exception {
    assertThat(http.post("/v1.0/publish/bus/" + FLAKY, "{\"try\":1}").status()).isEqualTo(204);

    waitUntil("the flaky route took the message", () -> flakyDone.stream().anyMatch(b -> b.contains("\"try\":1")));
    assertThat(flakyCalls.get()).isGreaterThanOrEqualTo(2);
    assertThat(node.blocks().appSubscriptions()).containsKey("bus/" + FLAKY).doesNotContainKey("bus/no-pubsub");
  }

  @Test
  void http_bulkPublish_deliversEveryEntry_andGarbageIsRefused() throws Exception {
    String tag = UUID.randomUUID().toString();
    String entries = "[{\"entryId\":\"1\",\"event\":{\"bulk\":\"" + tag + "-a\"}},"
        + "{\"entryId\":\"2\",\"event\":\"" + tag + "-b\",\"contentType\":\"text/plain\"}]";
    assertThat(http.post("/v1.0-alpha1/publish/bulk/bus/" + TOPIC, entries).status()).isEqualTo(204);
    waitUntil("both entries reached the app", () -> delivered.stream().anyMatch(b -> b.contains(tag + "-a"))
        && delivered.stream().anyMatch(b -> b.contains(tag + "-b")));

    assertThat(http.post("/v1.0-alpha1/publish/bulk/bus/" + TOPIC, "{\"entryId\":\"1\"}").errorCode())
        .isEqualTo("ERR_MALFORMED_JSON");
    Response noEvent = http.post("/v1.0-alpha1/publish/bulk/bus/" + TOPIC, "[{\"entryId\":\"1\"}]");
    assertThat(noEvent.status()).isEqualTo(400);
    assertThat(noEvent.body()).contains("event is missing");
    Response twice = http.post("/v1.0-alpha1/publish/bulk/bus/" + TOPIC,
        "[{\"entryId\":\"1\",\"event\":1},{\"entryId\":\"1\",\"event\":2}]");
    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.body()).contains("more than once");
  }

  @Test
  void declaredSubscription_inTheComponentsFolder_isDeliveredToItsRoute() throws Exception {
    assertThat(http.post("/v1.0/publish/bus/" + DECLARED, "{\"declared\":true}").status()).isEqualTo(204);

    waitUntil("the declared route got the message", () -> declaredDone.stream().anyMatch(b -> b.contains(DECLARED)));
    assertThat(node.blocks().appSubscriptions())
        .containsEntry("bus/" + DECLARED, "/declared")
        .doesNotContainKey("bus/other-app");
  }

  @Test
  void http_publishUnknownPubSub_isNotFound() throws Exception {
    Response r = http.post("/v1.0/publish/nope/t", "{}");
    assertThat(r.status()).isGreaterThanOrEqualTo(400);
    assertThat(r.body()).contains("nope");
  }

  @Test
  void http_lockThenUnlock() throws Exception {
    String lock = "{\"resourceId\":\"r-http\",\"lockOwner\":\"a\",\"expiryInSeconds\":30}";
    assertThat(http.post("/v1.0-alpha1/lock/locks", lock).body()).contains("\"success\":true");
    assertThat(http.post("/v1.0-alpha1/lock/locks",
        "{\"resourceId\":\"r-http\",\"lockOwner\":\"b\",\"expiryInSeconds\":30}").body()).contains("\"success\":false");
    assertThat(http.post("/v1.0-alpha1/unlock/locks", "{\"resourceId\":\"r-http\",\"lockOwner\":\"a\"}").body())
        .contains("\"status\":0");
  }

  @Test
  void http_sequencerNextIds_grow() throws Exception {
    long first = id(http.post("/v1.0-alpha1/sequencer/ids", "{\"key\":\"http\"}").body());
    long second = id(http.post("/v1.0-alpha1/sequencer/ids", "{\"key\":\"http\"}").body());
    assertThat(second).isGreaterThan(first);
  }

  @Test
  void http_secret() throws Exception {
    Response r = http.get("/v1.0/secrets/vault/db");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().replace(" ", "")).isEqualTo("{\"db\":\"s3cret\"}");
  }

  @Test
  void http_bindingCreateThenGet() throws Exception {
    assertThat(http.post("/v1.0/bindings/disk",
        "{\"operation\":\"create\",\"data\":\"hello\",\"metadata\":{\"fileName\":\"http.txt\"}}").status())
        .isBetween(200, 204);
    Response got = http.post("/v1.0/bindings/disk", "{\"operation\":\"get\",\"metadata\":{\"fileName\":\"http.txt\"}}");
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.body()).isEqualTo("hello");
  }

  @Test
  void http_garbage_isRefusedAndTheNodeKeepsServing() throws Exception {
    assertThat(http.post("/v1.0/state/store", "not json").status()).isEqualTo(400);
    assertThat(http.post("/v1.0-alpha1/lock/locks", "[]").status()).isEqualTo(400);
    assertThat(http.post("/v1.0/bindings/disk", "{\"data\":1}").errorCode()).isEqualTo("ERR_INVALID_REQUEST");
    assertThat(http.post("/v1.0-alpha1/sequencer/ids", "{\"key\":\"k\",\"increment\":\"huge\"}").status())
        .isEqualTo(400);
    assertThat(http.post("/v1.0/state/store", "[{\"key\":\"alive\",\"value\":1}]").status()).isEqualTo(204);
    assertThat(http.get("/v1.0/state/store/alive").body()).isEqualTo("1");
  }

  @Test
  void http_configurationSubscription_pushesChangesToTheApp() throws Exception {
    Response got = http.get("/v1.0/configuration/settings?key=greeting");
    assertThat(got.body()).contains("hello");
    Response sub = http.get("/v1.0/configuration/settings/subscribe?key=greeting");
    assertThat(sub.status()).isEqualTo(200);
    assertThat(sub.body()).contains("\"id\"");

    Files.writeString(settingsFile, "greeting: bonjour\n");
    waitUntil("the app got the new greeting", () -> pushes.stream()
        .anyMatch(p -> p.startsWith("/configuration/settings/greeting") && p.contains("bonjour")));
  }

  // ---- (b) the same blocks through the Java SDK, over RPC

  @Test
  void sdk_sidecarMode_reachesEveryBlock() throws Exception {
    try (CapaClient capa = CapaClient.builder().appId("blocks-e2e").runtime("127.0.0.1", node.rpcPort())
        .prefer(Mode.SIDECAR).build()) {
      await(capa.state().save("store", SaveRequest.of("sdk", "from-sdk".getBytes(UTF_8))));
      assertThat(http.get("/v1.0/state/store/sdk").body()).contains("from-sdk");
      assertThat(new String(await(capa.state().get("store", "sdk")).orElseThrow().value(), UTF_8))
          .isEqualTo("from-sdk");

      String order = "sdk-" + UUID.randomUUID();
      assertThat(await(capa.pubSub().publish(
          PublishRequest.of("bus", TOPIC, ("\"" + order + "\"").getBytes(UTF_8), "application/json"))))
          .isNotBlank();
      waitUntil("the app received the SDK's order", () -> delivered.stream().anyMatch(b -> b.contains(order)));

      assertThat(await(capa.locks().tryLock(new LockRequest("locks", "r-sdk", "me", Duration.ofSeconds(30)))))
          .isTrue();
      assertThat(await(capa.locks().unlock(new UnlockRequest("locks", "r-sdk", "me"))))
          .isEqualTo(UnlockStatus.SUCCESS);
      long a = await(capa.sequencer().nextId(NextIdRequest.of("ids", "sdk", Increment.WEAK)));
      assertThat(await(capa.sequencer().nextId(NextIdRequest.of("ids", "sdk", Increment.WEAK)))).isGreaterThan(a);
      assertThat(await(capa.secrets().get("vault", "db"))).containsEntry("db", "s3cret");
      await(capa.bindings().invoke(
          new BindingRequest("disk", "create", "via sdk".getBytes(UTF_8), Map.of("fileName", "sdk.txt"))));
      assertThat(new String(await(capa.bindings().invoke(
          new BindingRequest("disk", "get", new byte[0], Map.of("fileName", "sdk.txt")))).data(), UTF_8))
          .isEqualTo("via sdk");

      Throwable missing = org.assertj.core.api.Assertions.catchThrowable(() -> await(capa.state().get("nope", "k")));
      assertThat(missing).isInstanceOfSatisfying(CapaException.class,
          e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND));
    }
  }

  // ---- (c) hot reload

  @Test
  void componentAddedWhileRunning_isServedWithoutRestart_andABrokenFileKeepsTheOldVersion() throws Exception {
    component("second.yaml", "second", "state.h2", Map.of());
    waitUntil("the second store serves", () -> {
      try {
        return http.post("/v1.0/state/second", "[{\"key\":\"k\",\"value\":2}]").status() == 204;
      } catch (IOException | InterruptedException e) {
        return false;
      }
    });
    assertThat(http.get("/v1.0/state/second/k").body()).isEqualTo("2");

    Files.writeString(components.resolve("second.yaml"), "kind: Component\nmetadata:\n  name: second\nspec: [\n");
    waitUntil("the broken file is reported", () -> node.blocks().errors().stream()
        .anyMatch(e -> e.toString().contains("second.yaml")));
    assertThat(http.get("/v1.0/state/second/k").body()).isEqualTo("2");
    assertThat(http.get("/v1.0/metadata").body()).contains("\"second\"");
  }

  // ---- (d) a component whose server is down

  @Test
  void storeOnAClosedPort_isReportedDown_andTheOthersServe() throws Exception {
    Response outbound = http.get("/v1.0/healthz/outbound");
    assertThat(outbound.status()).isEqualTo(503);
    assertThat(outbound.body()).contains("down");
    assertThat(http.get("/v1.0/healthz").status()).isEqualTo(204);
    assertThat(http.get("/v1.0/state/down/k").status()).isGreaterThanOrEqualTo(500);
    assertThat(http.post("/v1.0/state/store", "[{\"key\":\"up\",\"value\":true}]").status()).isEqualTo(204);
    assertThat(http.get("/v1.0/state/store/up").body()).isEqualTo("true");
  }

  // ---- helpers

  private static void component(String file, String name, String type, Map<String, String> metadata)
      throws IOException {
    StringBuilder yaml = new StringBuilder(String.join("\n",
        "apiVersion: dapr.io/v1alpha1",
        "kind: Component",
        "metadata:",
        "  name: " + name,
        "spec:",
        "  type: " + type,
        "  version: v1",
        "  metadata:",
        ""));
    if (metadata.isEmpty()) {
      yaml.setLength(yaml.length() - "  metadata:\n".length());
    }
    metadata.forEach((k, v) -> yaml.append("  - name: ").append(k).append("\n    value: \"").append(v).append("\"\n"));
    Files.writeString(components.resolve(file), yaml.toString());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private static long id(String body) {
    return Long.parseLong(body.replaceAll("[^0-9]", ""));
  }

  private static <T> T await(CompletionStage<T> s) throws Exception {
    try {
      return s.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception c ? c : e;
    }
  }

  private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }
}
