package io.capa.sidecar;

import static io.capa.sidecar.TestNode.await;
import static io.capa.sidecar.TestNode.bytes;
import static io.capa.sidecar.TestNode.code;
import static io.capa.sidecar.TestNode.failure;
import static io.capa.sidecar.TestNode.text;
import static io.capa.sidecar.TestNode.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.invocation.InvokeRequest;
import io.capa.api.invocation.InvokeResponse;
import io.capa.capnp.rpc.RpcException;
import io.capa.sidecar.api.SidecarEndpoint;
import io.capa.sidecar.protocol.RuntimeProtocol.Registration;
import io.capa.sidecar.protocol.RuntimeProtocol.Runtime;
import io.capa.sidecar.protocol.internal.Convert;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Service invocation between application connections of one runtime. */
class ServiceInvocationTest {
  static TestNode node;
  static SidecarEndpoint endpoint;
  static TestNode.Conn caller;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.shared();
    endpoint = node.endpoint(Map.of());
    caller = node.connect(endpoint);
  }

  @AfterAll
  static void stop() {
    node.release();
  }

  /** Registers {@code app} under {@code appId} from {@code conn}; the registration is kept referenced. */
  static Registration.Client register(TestNode.Conn conn, String appId, TestApp app) throws Exception {
    var promise = conn.runtime.registerApp(p -> {
      p.setAppId(appId);
      p.setHandler(app.toClient());
    });
    Registration.Client reg = promise.getRegistration();
    await(promise.response());
    return reg;
  }

  static CompletionStage<InvokeResponse> invoke(Runtime.Client from, InvokeRequest request) {
    return from.invoke(p -> Convert.invokeRequest(request, p.initRequest())).response()
        .thenApply(r -> Convert.invokeResponse(r.getResponse()));
  }

  static InvokeRequest request(String appId, String method, String data) {
    return new InvokeRequest(appId, method, bytes(data), "text/plain", "PUT", "a=1", Map.of("trace", "t-1"), null);
  }

  @Test
  void invoke_registeredApp_getsHandlerResponse() throws Exception {
    TestApp orders = new TestApp("orders");
    TestNode.Conn a = node.connect(endpoint);
    try (Registration.Client reg = register(a, "orders", orders)) {
      InvokeResponse r = await(invoke(caller.runtime, request("orders", "echo", "hello")));

      assertThat(r.status()).isEqualTo(201);
      assertThat(r.contentType()).isEqualTo("text/plain");
      assertThat(text(r.data())).isEqualTo("orders:hello");
      assertThat(r.metadata()).containsEntry("verb", "PUT").containsEntry("query", "a=1").containsEntry("trace", "t-1");
      InvokeRequest seen = orders.seen.get(0);
      assertThat(seen.appId()).isEqualTo("orders");
      assertThat(seen.contentType()).isEqualTo("text/plain");
      assertThat(seen.metadata()).containsEntry("trace", "t-1");
      // The runtime's own service invocation (what the HTTP API uses) reaches the same connection.
      InvokeResponse local = await(node.applications.invoke(request("orders", "echo", "direct")));
      assertThat(text(local.data())).isEqualTo("orders:direct");
      assertThat(node.applications.connected()).contains("orders");
    } finally {
      a.close();
    }
  }

  @Test
  void invoke_unknownApp_failsWithAppNotFound() {
    RpcException e = failure(invoke(caller.runtime, request("nobody", "echo", "x")));

    assertThat(e.reason()).startsWith("ERR_APP_NOT_FOUND").contains("nobody");
  }

  @Test
  void invoke_handlerFails_errorCodePassesThrough() throws Exception {
    TestNode.Conn a = node.connect(endpoint);
    try (Registration.Client reg = register(a, "strict", new TestApp("strict"))) {
      RpcException e = failure(invoke(caller.runtime, request("strict", "deny", "")));

      assertThat(e.reason()).startsWith("ERR_PERMISSION_DENIED").contains("strict says no");
      assertThat(await(invoke(caller.runtime, request("strict", "echo", "again"))).status()).isEqualTo(201);
    } finally {
      a.close();
    }
  }

  @Test
  void invoke_handlerAnswersInvalidStatus_failsNamingTheApplication() throws Exception {
    TestNode.Conn a = node.connect(endpoint);
    try (Registration.Client reg = register(a, "sloppy", new TestApp("sloppy"))) {
      RpcException e = failure(invoke(caller.runtime, request("sloppy", "badStatus", "")));

      assertThat(e.reason()).startsWith("ERR_DIRECT_INVOKE").contains("sloppy").contains("999");
      assertThat(await(invoke(caller.runtime, request("sloppy", "echo", "ok"))).status()).isEqualTo(201);
    } finally {
      a.close();
    }
  }

  @Test
  void invoke_handlerNeverAnswers_deadlineExceededAfterTheCallersTimeout() throws Exception {
    TestNode.Conn a = node.connect(endpoint);
    TestApp silent = new TestApp("silent");
    try (Registration.Client reg = register(a, "silent", silent)) {
      InvokeRequest r = new InvokeRequest("silent", "never", new byte[0], null, null, null, null, Duration.ofMillis(300));
      long start = System.nanoTime();

      RpcException e = failure(invoke(caller.runtime, r));

      assertThat(e.reason()).startsWith("ERR_DEADLINE_EXCEEDED");
      assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 3_000L);
      // The runtime stopped waiting, so the application's call is cancelled too.
      TestNode.waitUntil("the application's call cancelled", () -> silent.canceled.get() == 1);
      assertThat(await(invoke(caller.runtime, request("silent", "echo", "ok"))).status()).isEqualTo(201);
    } finally {
      a.close();
    }
  }

  @Test
  void registrationClosed_appIsNotFoundAgain() throws Exception {
    TestNode.Conn a = node.connect(endpoint);
    try {
      Registration.Client reg = register(a, "closing", new TestApp("closing"));
      assertThat(await(invoke(caller.runtime, request("closing", "echo", ""))).status()).isEqualTo(201);

      await(reg.close_().response());
      reg.close();

      assertThat(code(invoke(caller.runtime, request("closing", "echo", "")))).isEqualTo("ERR_APP_NOT_FOUND");
      assertThat(node.applications.connected()).doesNotContain("closing");
    } finally {
      a.close();
    }
  }

  @Test
  void connectionDropped_appIsNotFoundAgain() throws Exception {
    TestNode.Conn a = node.connect(endpoint);
    register(a, "dropping", new TestApp("dropping"));
    assertThat(await(invoke(caller.runtime, request("dropping", "echo", ""))).status()).isEqualTo(201);

    a.connection.close();

    waitUntil("the app is gone", () -> !node.applications.connected().contains("dropping"));
    assertThat(code(invoke(caller.runtime, request("dropping", "echo", "")))).isEqualTo("ERR_APP_NOT_FOUND");
  }

  @Test
  void registerApp_severalConnections_callsReachEitherAndSurviveOneLeaving() throws Exception {
    TestNode.Conn a = node.connect(endpoint);
    TestNode.Conn b = node.connect(endpoint);
    try {
      register(a, "pair", new TestApp("first"));
      register(b, "pair", new TestApp("second"));

      a.close();

      // Until the runtime has seen the first connection end, a call may still be routed to it and
      // fail as disconnected (it is not retried elsewhere: it may have reached the application).
      waitUntil("only the second serves", () -> {
        try {
          return text(await(invoke(caller.runtime, request("pair", "echo", ""))).data()).equals("second:");
        } catch (Exception e) {
          if (e instanceof RpcException r && r.reason().startsWith("ERR_RUNTIME_UNAVAILABLE")) {
            return false;
          }
          throw new AssertionError(e);
        }
      });
      for (int i = 0; i < 5; i++) {
        assertThat(text(await(invoke(caller.runtime, request("pair", "echo", ""))).data())).isEqualTo("second:");
      }
    } finally {
      b.close();
    }
  }

  @Test
  void registerApp_invalidArguments_answerInvalidRequest() throws Exception {
    for (String appId : new String[] {"", "  ", "a/b"}) {
      var p = caller.runtime.registerApp(b -> {
        b.setAppId(appId);
        b.setHandler(new TestApp("x").toClient());
      });
      assertThat(failure(p.response()).reason()).as("app id '%s'", appId).startsWith("ERR_INVALID_REQUEST");
    }
    var noHandler = caller.runtime.registerApp(b -> b.setAppId("nohandler"));
    assertThat(failure(noHandler.response()).reason()).startsWith("ERR_INVALID_REQUEST").contains("handler");
    // An invoke without app id or method is the caller's mistake too.
    var blank = caller.runtime.invoke(b -> b.initRequest().setMethod("m"));
    assertThat(failure(blank.response()).reason()).startsWith("ERR_INVALID_REQUEST").contains("appId");
    var noMethod = caller.runtime.invoke(b -> b.initRequest().setAppId("orders"));
    assertThat(failure(noMethod.response()).reason()).startsWith("ERR_INVALID_REQUEST").contains("method");

    assertThat(node.applications.connected()).doesNotContain("", "a/b", "nohandler");
    assertThat(await(caller.runtime.ping().response()).getVersion()).isNotEmpty();
  }
}
