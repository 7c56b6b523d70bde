package io.capa.bindings.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.bindings.spi.OutputBinding;
import io.capa.bindings.spi.OutputBindingConformance;
import io.capa.bindings.testing.TestConfigs;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code bindings.http} against a real HTTP server in the test JVM. */
class HttpOutputBindingTest extends OutputBindingConformance {
  private HttpServer server;
  private final Map<String, String> received = new ConcurrentHashMap<>();
  private final AtomicInteger flakyCalls = new AtomicInteger();

  @Override
  protected OutputBinding createBinding() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/store", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.put(ex.getRequestURI().getPath(), ex.getRequestMethod() + " " + body + " "
          + ex.getRequestHeaders().getFirst("X-Trace"));
      byte[] answer = ("stored " + body).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(201, answer.length);
      ex.getResponseBody().write(answer);
      ex.close();
    });
    server.createContext("/flaky", ex -> {
      int n = flakyCalls.incrementAndGet();
      byte[] answer = ("call " + n).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(n <= 2 ? 503 : 200, answer.length);
      ex.getResponseBody().write(answer);
      ex.close();
    });
    server.createContext("/missing", ex -> {
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    server.createContext("/big", ex -> {
      byte[] answer = new byte[5000];
      ex.sendResponseHeaders(200, answer.length);
      ex.getResponseBody().write(answer);
      ex.close();
    });
    server.start();
    return create(Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort(),
        "maxResponseBodySize", "4096", "retryBackoff", "10ms"));
  }

  private static OutputBinding create(Map<String, String> md) {
    return (OutputBinding) new HttpBindingFactory().create(TestConfigs.config(NAME, "bindings.http", md), TestConfigs.context());
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Override
  protected BindingRequest validRequest(String name, int n) {
    return new BindingRequest(name, "post", ("item " + n).getBytes(StandardCharsets.UTF_8),
        Map.of("path", "/store/" + n, "X-Trace", "t" + n));
  }

  @Override
  protected void assertEffect(BindingRequest sent, BindingResponse response) {
    String n = sent.metadata().get("path").substring("/store/".length());
    assertThat(received.get("/store/" + n)).isEqualTo("POST item " + n + " t" + n);
    assertThat(response.metadata()).containsEntry("statusCode", "201");
    assertThat(new String(response.data(), StandardCharsets.UTF_8)).isEqualTo("stored item " + n);
  }

  private BindingResponse call(String op, String path) {
    Map<String, String> md = new HashMap<>();
    md.put("path", path);
    return service.invoke(new BindingRequest(NAME, op, new byte[0], md)).toCompletableFuture().join();
  }

  private static CapaException failure(Runnable call) {
    try {
      call.run();
    } catch (CompletionException e) {
      return (CapaException) e.getCause();
    }
    throw new AssertionError("the call succeeded");
  }

  @Test
  void get_serverErrorsTwice_isRetriedAndSucceeds() {
    BindingResponse r = call("get", "/flaky");
    assertThat(new String(r.data(), StandardCharsets.UTF_8)).isEqualTo("call 3");
  }

  @Test
  void post_serverError_isNotRetried() {
    CapaException e = failure(() -> call("post", "/flaky"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_FAILED);
    assertThat(e.getMessage()).contains("503");
    assertThat(flakyCalls).hasValue(1);
  }

  @Test
  void get_notFound_failsAtOnceWithTheStatus() {
    assertThat(failure(() -> call("get", "/missing")).getMessage()).contains("404");
  }

  @Test
  void get_bodyAboveTheLimit_isPayloadTooLarge() {
    CapaException e = failure(() -> call("get", "/big"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
    assertThat(e.getMessage()).contains("maxResponseBodySize");
  }

  @Test
  void call_serverDown_failsAfterRetriesWithTheReason() {
    server.stop(0);
    CapaException e = failure(() -> call("get", "/store/x"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_FAILED);
    assertThat(e.getMessage()).contains("/store/x");
  }

  @Test
  void headAndOptionsAndDelete_areSent() {
    assertThat(call("head", "/store/h").metadata()).containsEntry("statusCode", "201");
    call("delete", "/store/d");
    call("options", "/store/o");
    assertThat(received.get("/store/d")).startsWith("DELETE");
    assertThat(received.get("/store/o")).startsWith("OPTIONS");
  }

  @Test
  void garbage_pathOrHeaderOrUrl_isRefusedNamingIt() {
    assertThat(failure(() -> call("get", "/a b")).getMessage()).contains("metadata path");
    CapaException header = failure(() -> service.invoke(new BindingRequest(NAME, "get", new byte[0],
        Map.of("Bad Header", "x"))).toCompletableFuture().join());
    assertThat(header.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(header.getMessage()).contains("Bad Header");
    assertThatThrownBy(() -> create(Map.of("url", "ftp://x"))).hasMessageContaining("url");
    assertThatThrownBy(() -> create(Map.of("url", "http://x", "maxRetries", "abc"))).hasMessageContaining("maxRetries");
  }
}
