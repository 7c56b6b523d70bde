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
import io.capa.sidecar.api.SidecarEndpoint;
import io.capa.sidecar.protocol.RuntimeProtocol.Registration;
import io.capa.sidecar.protocol.internal.Convert;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two runtimes in this JVM forming one cluster on loopback, each with its own RPC endpoint: an
 * application connected to one node is reachable by app id through the other.
 */
class MultiNodeTest {
  static TestNode first;
  static TestNode second;
  static SidecarEndpoint firstEndpoint;
  static SidecarEndpoint secondEndpoint;

  @BeforeAll
  static void start() throws Exception {
    int seed = TestNode.freePort();
    first = TestNode.start("node1", seed, List.of(seed));
    second = TestNode.start("node2", TestNode.freePort(), List.of(seed));
    firstEndpoint = first.endpoint(Map.of());
    secondEndpoint = second.endpoint(Map.of());
    waitUntil("both nodes are up", () -> upMembers(first) == 2 && upMembers(second) == 2);
  }

  static long upMembers(TestNode node) {
    return java.util.stream.StreamSupport.stream(Cluster.get(node.runtime.system()).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up()).count();
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  static CompletionStage<InvokeResponse> invoke(TestNode.Conn from, InvokeRequest request) {
    return from.runtime.invoke(p -> Convert.invokeRequest(request, p.initRequest())).response()
        .thenApply(r -> Convert.invokeResponse(r.getResponse()));
  }

  @Test
  void invoke_appOnOtherNode_isReachedThroughTheCluster() throws Exception {
    TestNode.Conn app = second.connect(secondEndpoint);
    TestNode.Conn caller = first.connect(firstEndpoint);
    TestApp billing = new TestApp("billing@node2");
    var promise = app.runtime.registerApp(p -> {
      p.setAppId("billing");
      p.setHandler(billing.toClient());
    });
    try (Registration.Client reg = promise.getRegistration()) {
      await(promise.response());
      InvokeRequest request = new InvokeRequest("billing", "echo", bytes("invoice-7"), "text/plain", "POST", "q=1",
          Map.of("trace", "t-9"), Duration.ofSeconds(5));

      // The receptionist spreads the listing through the cluster; until then the app is not found.
      waitUntil("node 1 finds the app of node 2", () -> {
        try {
          await(invoke(caller, request));
          return true;
        } catch (io.capa.capnp.rpc.RpcException e) {
          assertThat(e.reason()).startsWith("ERR_APP_NOT_FOUND");
          return false;
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      InvokeResponse r = await(invoke(caller, request));

      assertThat(r.status()).isEqualTo(201);
      assertThat(text(r.data())).isEqualTo("billing@node2:invoice-7");
      assertThat(r.metadata()).containsEntry("trace", "t-9").containsEntry("query", "q=1");
      assertThat(first.applications.connected()).doesNotContain("billing");
      assertThat(billing.seen).isNotEmpty();
      // A failure on node 2 travels back with its code.
      InvokeRequest deny = new InvokeRequest("billing", "deny", new byte[0], null, null, null, null, Duration.ofSeconds(5));
      assertThat(failure(invoke(caller, deny)).reason()).startsWith("ERR_PERMISSION_DENIED").contains("says no");
    } finally {
      app.close();
    }

    // Until the listing's removal has spread, a call may still go to node 2 and find nobody there.
    waitUntil("node 1 no longer finds the app", () -> code(invoke(caller, new InvokeRequest("billing", "echo",
        new byte[0], null, null, null, null, Duration.ofSeconds(1)))).equals("ERR_APP_NOT_FOUND"));
    caller.close();
  }
}
