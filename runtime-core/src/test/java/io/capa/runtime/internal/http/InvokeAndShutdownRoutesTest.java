package io.capa.runtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.capa.api.invocation.InvocationService;
import io.capa.api.invocation.InvokeRequest;
import io.capa.api.invocation.InvokeResponse;
import io.capa.runtime.api.RuntimeConfig;
import io.capa.runtime.api.RuntimeServers;
import io.capa.runtime.api.RuntimeServices;
import io.capa.runtime.metrics.MetricsRegistry;
import io.capa.runtime.testkit.InMemoryActorService;
import io.capa.runtime.testkit.TestHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Service invocation, shutdown and overload over real sockets: the real handler and graph, an
 * in-memory application and actor service. Each target may run 2 calls and queue 2 more.
 */
class InvokeAndShutdownRoutesTest {
  private static ActorTestKit kit;
  private static RuntimeServers servers;
  private static TestHttp http;
  private static HttpClient async;
  private static ExecutorService clientThreads;
  private static final AtomicReference<InvokeRequest> lastRequest = new AtomicReference<>();
  private static final List<CompletableFuture<InvokeResponse>> held = new CopyOnWriteArrayList<>();
  private static final AtomicInteger shutdowns = new AtomicInteger();
  private static final AtomicReference<String> shutdownThread = new AtomicReference<>();

  /**
   * Applications "orders" and "warehouse" with a few behaviours chosen by method; every other app
   * id is unknown.
   */
  private static final InvocationService APPS =
      request -> {
        lastRequest.set(request);
        if (!request.appId().equals("orders") && !request.appId().equals("warehouse")) {
          return RuntimeServices.NO_APPLICATIONS.invoke(request);
        }
        switch (request.method()) {
          case "hold": {
            CompletableFuture<InvokeResponse> f = new CompletableFuture<>();
            held.add(f);
            return f;
          }
          case "empty":
            return done(new InvokeResponse(204, "ignored".getBytes(StandardCharsets.UTF_8), "text/plain", Map.of()));
          case "badtype":
            return done(new InvokeResponse(200, new byte[] {1, 2}, "not a content type;;;", Map.of()));
          case "teapot":
            return done(new InvokeResponse(418, "short and stout".getBytes(StandardCharsets.UTF_8), "text/plain", Map.of()));
          default:
            return done(new InvokeResponse(201, request.data(), request.contentType(), Map.of()));
        }
      };

  private static CompletionStage<InvokeResponse> done(InvokeResponse r) {
    return CompletableFuture.completedFuture(r);
  }

  @BeforeAll
  static void start() throws Exception {
    kit = ActorTestKit.create(
        "invoke",
        ConfigFactory.parseString("capa.invocation { per-target-parallelism = 2, per-target-queue = 2 }")
            .withFallback(ConfigFactory.load()));
    var config = RuntimeConfig.load("sidecar:\n  port: 0\n  metricsPort: 0\n", "test.yaml");
    RuntimeServices services =
        new RuntimeServices(config, new InMemoryActorService("counter"), new MetricsRegistry(), List.of())
            .withInvocation(APPS)
            .withShutdownHook(() -> {
              shutdownThread.set(Thread.currentThread().getName());
              shutdowns.incrementAndGet();
            });
    servers = RuntimeServers.start(kit.system(), services).toCompletableFuture().get(10, TimeUnit.SECONDS);
    http = new TestHttp(servers.httpPort());
    clientThreads = Executors.newFixedThreadPool(2);
    async = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();
  }

  @AfterAll
  static void stop() throws Exception {
    held.forEach(f -> f.complete(InvokeResponse.ok(new byte[0], null)));
    http.close();
    clientThreads.shutdownNow();
    servers.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    kit.shutdownTestKit();
  }

  /** Whatever a test sent, the server must still answer afterwards. */
  @AfterEach
  void serverKeepsServing() {
    held.forEach(f -> f.complete(InvokeResponse.ok(new byte[0], null)));
    assertThat(http.get("/v1.0/healthz").statusCode()).isEqualTo(204);
  }

  @Test
  void invoke_passesVerbMethodPathQueryBodyAndHeaders_returnsTheAppsAnswer() {
    HttpResponse<String> r =
        http.send("PUT", "/v1.0/invoke/orders/method/api/v1/items?x=1&y=a%20b",
            HttpRequest.BodyPublishers.ofString("hello"),
            "Content-Type", "text/plain; charset=UTF-8", "X-Trace", "t1", "capa-timeout", "2s");

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEqualTo("hello");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=UTF-8");
    InvokeRequest seen = lastRequest.get();
    assertThat(seen.appId()).isEqualTo("orders");
    assertThat(seen.method()).isEqualTo("api/v1/items");
    assertThat(seen.httpVerb()).isEqualTo("PUT");
    assertThat(seen.query()).isEqualTo("x=1&y=a%20b");
    assertThat(seen.contentType()).isEqualTo("text/plain; charset=UTF-8");
    assertThat(seen.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(seen.metadata()).containsEntry("x-trace", "t1").doesNotContainKeys("capa-timeout", "host");
  }

  @Test
  void invoke_daprAppIdHeader_callsTheAppWithThePathAsMethod() {
    HttpResponse<String> r = http.get("/api/items?page=2", "dapr-app-id", "orders");

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(lastRequest.get().method()).isEqualTo("api/items");
    assertThat(lastRequest.get().httpVerb()).isEqualTo("GET");
    assertThat(lastRequest.get().query()).isEqualTo("page=2");
  }

  @Test
  void invoke_unknownApp_answers404AppNotFound() {
    HttpResponse<String> r = http.post("/v1.0/invoke/billing/method/pay", "{}");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("\"errorCode\":\"ERR_APP_NOT_FOUND\"", "billing");
  }

  @Test
  void invoke_appAnswersNoContentOrOddStatusOrBadContentType_passedOnSafely() {
    HttpResponse<String> empty = http.get("/v1.0/invoke/orders/method/empty");
    HttpResponse<String> teapot = http.get("/v1.0/invoke/orders/method/teapot");
    HttpResponse<String> badType = http.get("/v1.0/invoke/orders/method/badtype");

    assertThat(empty.statusCode()).isEqualTo(204);
    assertThat(empty.body()).isEmpty();
    assertThat(teapot.statusCode()).isEqualTo(418);
    assertThat(teapot.body()).isEqualTo("short and stout");
    assertThat(badType.statusCode()).isEqualTo(200);
    assertThat(badType.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
  }

  @Test
  void invoke_garbageRequests_clearErrorsAndTheServerGoesOn() {
    assertThat(http.get("/v1.0/invoke/orders/method/").body()).contains("ERR_ROUTE_NOT_FOUND");
    assertThat(http.get("/v1.0/invoke/orders/methods/x").body()).contains("ERR_ROUTE_NOT_FOUND");
    assertThat(http.get("/v1.0/invoke//method/x").body()).contains("ERR_ROUTE_NOT_FOUND");
    HttpResponse<String> badTimeout = http.get("/v1.0/invoke/orders/method/x", "capa-timeout", "soon");
    assertThat(badTimeout.statusCode()).isEqualTo(400);
    assertThat(badTimeout.body()).contains("ERR_INVALID_REQUEST", "capa-timeout header", "soon");
    HttpResponse<String> trace = http.send("TRACE", "/v1.0/invoke/orders/method/x", HttpRequest.BodyPublishers.noBody());
    assertThat(trace.statusCode()).isEqualTo(405);
    assertThat(trace.headers().firstValue("Allow")).hasValueSatisfying(v -> assertThat(v).contains("PATCH"));
    // An application that answered earlier still answers.
    assertThat(http.post("/v1.0/invoke/orders/method/echo", "still here").body()).isEqualTo("still here");
  }

  @Test
  void invoke_saturatedApp_answers429WithRetryAfterAndTheAcceptedCallsComplete() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> accepted = new ArrayList<>();
    for (int i = 0; i < 4; i++) { // 2 in flight, 2 waiting
      accepted.add(sendAsync("/v1.0/invoke/warehouse/method/hold"));
      int expected = i + 1;
      awaitCondition(() -> held.size() + waiting() >= expected);
    }
    HttpResponse<String> excess = http.post("/v1.0/invoke/warehouse/method/hold", "");

    assertThat(excess.statusCode()).isEqualTo(429);
    assertThat(excess.body()).contains("ERR_OVERLOADED", "app/warehouse", "per-target-queue = 2");
    assertThat(excess.headers().firstValue("Retry-After")).hasValue("1");
    // Another application target is not held up.
    assertThat(http.post("/v1.0/invoke/orders/method/echo", "ok").statusCode()).isEqualTo(201);

    while (accepted.stream().anyMatch(f -> !f.isDone())) {
      held.forEach(f -> f.complete(InvokeResponse.ok("released".getBytes(StandardCharsets.UTF_8), "text/plain")));
      Thread.sleep(10);
    }
    for (CompletableFuture<HttpResponse<String>> f : accepted) {
      assertThat(f.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void actorRoutes_slowActor_excessCallersGet429WhileOtherActorsAnswer() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(sendAsync("/v1.0/actors/counter/slow/method/sleep", "400"));
    }
    long start = System.nanoTime();
    HttpResponse<String> other = http.post("/v1.0/actors/counter/fast/method/echo", "1");
    long otherMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(otherMs).isLessThan(300);
    int ok = 0;
    int overloaded = 0;
    for (CompletableFuture<HttpResponse<String>> f : calls) {
      HttpResponse<String> r = f.get(10, TimeUnit.SECONDS);
      if (r.statusCode() == 200) {
        ok++;
      } else {
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).contains("ERR_OVERLOADED", "actor/counter/slow");
        overloaded++;
      }
    }
    assertThat(ok).isBetween(1, 4); // at most 2 in flight and 2 waiting were ever accepted
    assertThat(overloaded).isEqualTo(8 - ok);
  }

  @Test
  void shutdown_answers204ThenRunsTheHookOnceOffTheServerThreads() throws Exception {
    assertThat(http.get("/v1.0/shutdown").statusCode()).isEqualTo(405);
    assertThat(shutdowns.get()).isZero();

    assertThat(http.post("/v1.0/shutdown", "").statusCode()).isEqualTo(204);
    assertThat(http.post("/v1.0/shutdown", "").statusCode()).isEqualTo(204);

    awaitCondition(() -> shutdowns.get() == 1);
    Thread.sleep(300);
    assertThat(shutdowns.get()).isEqualTo(1);
    assertThat(shutdownThread.get()).isEqualTo("capa-shutdown-request");
  }

  private static int waiting() {
    return io.capa.runtime.api.InvocationGraph.get(kit.system()).stats().waiting();
  }

  private static CompletableFuture<HttpResponse<String>> sendAsync(String path) {
    return sendAsync(path, "");
  }

  private static CompletableFuture<HttpResponse<String>> sendAsync(String path, String body) {
    return async.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + servers.httpPort() + path))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitCondition(java.util.function.BooleanSupplier c) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not reached in 5 s");
      }
      Thread.sleep(5);
    }
  }
}
