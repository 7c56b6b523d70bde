package io.capa.sidecar;

import static io.capa.sidecar.TestNode.await;
import static io.capa.sidecar.TestNode.bytes;
import static io.capa.sidecar.TestNode.failure;
import static io.capa.sidecar.TestNode.text;
import static io.capa.sidecar.TestNode.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.capnp.rpc.RpcException;
import io.capa.sidecar.api.SidecarEndpoint;
import io.capa.sidecar.protocol.RuntimeProtocol.ActorRef;
import io.capa.sidecar.protocol.RuntimeProtocol.Registration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Actor types hosted by an application connection: every turn is a call on the application's
 * {@code ActorHost}, state goes through the turn, and the type outlives its host's connection.
 * Each test hosts a type of its own, since a type has one host per runtime.
 */
class HostedActorsTest {
  static final long TURN_TIMEOUT_MS = 400;

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

  /** A host's connection and its registration (kept referenced: dropping it ends the registration). */
  record Hosting(TestNode.Conn conn, Registration.Client registration) implements AutoCloseable {
    @Override
    public void close() {
      registration.close();
      conn.close();
    }
  }

  static Hosting host(String type, TestHost impl, long turnTimeoutMs, long idleTimeoutMs) throws Exception {
    TestNode.Conn conn = node.connect(endpoint);
    var promise = conn.runtime.hostActors(p -> {
      p.setType(type);
      p.setHost(impl.toClient());
      var o = p.initOptions();
      o.setTurnTimeoutMillis(turnTimeoutMs);
      o.setIdleTimeoutMillis(idleTimeoutMs);
    });
    Registration.Client reg = promise.getRegistration();
    try {
      await(promise.response());
    } catch (Exception e) {
      reg.close();
      conn.close();
      throw e;
    }
    return new Hosting(conn, reg);
  }

  static Hosting host(String type, TestHost impl) throws Exception {
    return host(type, impl, TURN_TIMEOUT_MS, 0);
  }

  /** A call through the caller's connection; the actor reference is pipelined and closed afterwards. */
  static CompletionStage<String> call(String type, String id, String method, String payload) {
    ActorRef.Client a = caller.runtime.actor(p -> {
      p.setType(type);
      p.setId(id);
    }).getActor();
    return a.invoke(p -> {
      p.setMethod(method);
      p.setPayload(bytes(payload));
    }).response().thenApply(r -> text(r.getResult())).whenComplete((r, e) -> a.close());
  }

  static Optional<String> savedState(String type, String id, String key) {
    return node.runtime.service().getState(new ActorId(type, id), key).toCompletableFuture().join().map(TestNode::text);
  }

  @Test
  void invoke_hostedType_runsOnHostWithStateThroughTurn() throws Exception {
    TestHost impl = new TestHost();
    try (Hosting h = host("Cart", impl)) {
      assertThat(await(call("Cart", "c1", "add", "5"))).isEqualTo("5");
      assertThat(await(call("Cart", "c1", "add", "3"))).isEqualTo("8");
      // The runtime's own actor service reaches the host the same way.
      byte[] viaService = await(node.runtime.service()
          .invoke(new ActorInvocation(new ActorId("Cart", "c1"), "add", bytes("1"))));
      assertThat(text(viaService)).isEqualTo("9");
      assertThat(savedState("Cart", "c1", "total")).contains("9");
      assertThat(await(call("Cart", "c1", "keys", ""))).isEqualTo("total");

      assertThat(await(call("Cart", "c1", "remove", ""))).isEqualTo("true");
      assertThat(await(call("Cart", "c1", "remove", ""))).isEqualTo("false");
      assertThat(savedState("Cart", "c1", "total")).isEmpty();

      assertThat(impl.events).containsSubsequence("activated:c1", "invoke:c1:add", "invoke:c1:add", "invoke:c1:add");
      assertThat(endpoint.hostedActorTypes()).contains("Cart");
    }
  }

  @Test
  void passivation_idleTimeout_stateSurvivesReactivation() throws Exception {
    TestHost impl = new TestHost();
    try (Hosting h = host("Idle", impl, TURN_TIMEOUT_MS, 300)) {
      assertThat(await(call("Idle", "i1", "add", "4"))).isEqualTo("4");

      waitUntil("the actor passivated", () -> impl.events.contains("deactivated:i1"));
      assertThat(await(call("Idle", "i1", "get", ""))).isEqualTo("4");

      assertThat(impl.count("activated:i1")).isEqualTo(2);
    }
  }

  @Test
  void invoke_hostMethodFails_callerGetsItsCodeAndNothingIsSaved() throws Exception {
    try (Hosting h = host("Failing", new TestHost())) {
      await(call("Failing", "f1", "add", "2"));

      RpcException e = failure(call("Failing", "f1", "failAfterWrite", "this"));

      assertThat(e.reason()).startsWith("ERR_PERMISSION_DENIED").contains("the application refused this");
      assertThat(savedState("Failing", "f1", "total")).contains("2");
      assertThat(await(call("Failing", "f1", "get", ""))).isEqualTo("2");
    }
  }

  @Test
  void invoke_hostNeverAnswers_deadlineExceededWithinTurnTimeoutAndNextCallWorks() throws Exception {
    TestHost impl = new TestHost();
    try (Hosting h = host("Hanging", impl)) {
      await(call("Hanging", "h1", "add", "1"));

      long start = System.nanoTime();
      RpcException e = failure(call("Hanging", "h1", "hang", ""));
      long tookMs = (System.nanoTime() - start) / 1_000_000;

      assertThat(e.reason()).startsWith("ERR_DEADLINE_EXCEEDED");
      assertThat(tookMs).isBetween(TURN_TIMEOUT_MS - 50, TURN_TIMEOUT_MS + 2_000);
      // The runtime gave up on the application's call too.
      assertThat(TestHost.slot(impl.cancelled, "h1")).succeedsWithin(TestNode.WAIT);
      assertThat(await(call("Hanging", "h1", "get", ""))).isEqualTo("1");
      assertThat(savedState("Hanging", "h1", "total")).contains("1");
    }
  }

  @Test
  void turn_timerAndReminder_fireOnTheHost() throws Exception {
    TestHost impl = new TestHost();
    try (Hosting h = host("Scheduled", impl)) {
      await(call("Scheduled", "s1", "startTimer", "tick"));
      await(call("Scheduled", "s1", "remind", ""));

      waitUntil("the timer fired on the host", () -> impl.events.contains("invoke:s1:onTimer"));
      waitUntil("the reminder fired on the host", () -> impl.events.contains("reminder:s1:r"));
      waitUntil("both firings saved their state", () ->
          savedState("Scheduled", "s1", "timer").isPresent() && savedState("Scheduled", "s1", "reminded").isPresent());
      assertThat(savedState("Scheduled", "s1", "timer")).contains("tick");
      assertThat(savedState("Scheduled", "s1", "reminded")).contains("r");
    }
  }

  @Test
  void turn_callActor_reachesAJavaActor() throws Exception {
    try (Hosting h = host("Caller", new TestHost())) {
      assertThat(await(call("Caller", "k1", "callCounter", "6"))).isEqualTo("6");
      assertThat(savedState(TestActors.COUNTER, "k1", "total")).contains("6");
    }
  }

  @Test
  void turn_usedAfterItsCallReturned_isRefusedAndSavesNothing() throws Exception {
    TestHost impl = new TestHost();
    try (Hosting h = host("Keeper", impl)) {
      await(call("Keeper", "k1", "add", "5"));
      await(call("Keeper", "k1", "keepTurn", ""));

      RpcException e = failure(impl.kept.setState(p -> {
        p.setKey("total");
        p.setValue(bytes("666"));
      }).response());

      assertThat(e.reason()).startsWith("ERR_INVALID_REQUEST").contains("ended");
      assertThat(await(call("Keeper", "k1", "get", ""))).isEqualTo("5");
      impl.kept.close();
    }
  }

  @Test
  void turn_callActorBackIntoItself_nonReentrantTypeIsRejectedAtOnce() throws Exception {
    try (Hosting h = host("Loop", new TestHost())) {
      long start = System.nanoTime();

      RpcException e = failure(call("Loop", "l1", "callSelf", "Loop"));

      assertThat(e.reason()).startsWith("ERR_REENTRANCY_REJECTED");
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(TURN_TIMEOUT_MS);
      assertThat(await(call("Loop", "l1", "get", ""))).isEqualTo("0");
    }
  }

  @Test
  void turn_callActorBackIntoItself_reentrantTypeRunsTheNestedTurn() throws Exception {
    TestNode.Conn conn = node.connect(endpoint);
    TestHost impl = new TestHost();
    var promise = conn.runtime.hostActors(p -> {
      p.setType("Reentrant");
      p.setHost(impl.toClient());
      p.initOptions().setReentrant(true);
    });
    try (Hosting h = new Hosting(conn, promise.getRegistration())) {
      await(promise.response());

      assertThat(await(call("Reentrant", "r1", "callSelf", "Reentrant"))).isEqualTo("called");

      // The nested turn's write is folded into the outer turn, saved with it.
      assertThat(savedState("Reentrant", "r1", "total")).contains("1");
      assertThat(savedState("Reentrant", "r1", "outer")).contains("1");
      assertThat(impl.events).containsSubsequence("invoke:r1:callSelf", "invoke:r1:add");
    }
  }

  @Test
  void hostActors_secondHostWhileFirstLives_failsNamingTheFirst() throws Exception {
    try (Hosting first = host("Single", new TestHost())) {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> host("Single", new TestHost()));

      assertThat(t).isInstanceOf(RpcException.class);
      assertThat(((RpcException) t).reason()).startsWith("ERR_INVALID_REQUEST")
          .contains("'Single' is already hosted").contains("one host per type");
      assertThat(await(call("Single", "x", "add", "1"))).isEqualTo("1");
    }
  }

  @Test
  void hostActors_javaTypeOfTheRuntime_isRefused() {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> host(TestActors.COUNTER, new TestHost()));

    assertThat(t).isInstanceOf(RpcException.class);
    assertThat(((RpcException) t).reason()).startsWith("ERR_INVALID_REQUEST").contains("in-process type");
  }

  @Test
  void hostDisconnects_callsFailUnavailable_newHostServesEarlierState() throws Exception {
    Hosting first = host("Moving", new TestHost());
    assertThat(await(call("Moving", "m1", "add", "6"))).isEqualTo("6");

    first.conn().close();

    waitUntil("the host is gone", () -> !endpoint.hostedActorTypes().contains("Moving"));
    RpcException e = failure(call("Moving", "m1", "get", ""));
    assertThat(e.reason()).startsWith("ERR_ACTOR_HOST_UNAVAILABLE");
    assertThat(e.kind()).isEqualTo(RpcException.Kind.DISCONNECTED);
    assertThatThrownBy(() -> node.runtime.service()
        .invoke(new ActorInvocation(new ActorId("Moving", "m2"), "get", new byte[0])).toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(CapaException.class,
            c -> assertThat(c.errorCode()).isEqualTo(ErrorCode.ACTOR_HOST_UNAVAILABLE));

    TestHost second = new TestHost();
    try (Hosting h = host("Moving", second)) {
      assertThat(await(call("Moving", "m1", "get", ""))).isEqualTo("6");
      assertThat(await(call("Moving", "m1", "add", "1"))).isEqualTo("7");
      assertThat(second.events).contains("invoke:m1:get");
    }
  }

  @Test
  void endpointRestartedOnTheSameRuntime_typeIsHostedAgainWithItsState() throws Exception {
    SidecarEndpoint doomed = node.endpoint(Map.of());
    TestNode.Conn hostConn = node.connect(doomed);
    var promise = hostConn.runtime.hostActors(p -> {
      p.setType("Restarted");
      p.setHost(new TestHost().toClient());
    });
    Registration.Client reg = promise.getRegistration();
    await(promise.response());
    assertThat(await(call("Restarted", "r1", "add", "4"))).isEqualTo("4");

    doomed.stop();
    waitUntil("the host is gone", () -> !endpoint.hostedActorTypes().contains("Restarted"));
    reg.close();

    SidecarEndpoint again = node.endpoint(Map.of());
    TestNode.Conn hostAgain = node.connect(again);
    var promise2 = hostAgain.runtime.hostActors(p -> {
      p.setType("Restarted");
      p.setHost(new TestHost().toClient());
    });
    try (Registration.Client reg2 = promise2.getRegistration()) {
      await(promise2.response());
      assertThat(await(call("Restarted", "r1", "add", "1"))).isEqualTo("5");
    } finally {
      hostAgain.close();
    }
  }

  @Test
  void registrationClose_endsHostingWhileConnectionStays_andTheSameConnectionMayHostAgain() throws Exception {
    TestHost impl = new TestHost();
    Hosting first = host("Closing", impl);
    await(call("Closing", "r1", "add", "3"));

    await(first.registration().close_().response());

    assertThat(endpoint.hostedActorTypes()).doesNotContain("Closing");
    assertThat(failure(call("Closing", "r1", "get", "")).reason()).startsWith("ERR_ACTOR_HOST_UNAVAILABLE");
    var again = first.conn().runtime.hostActors(p -> {
      p.setType("Closing");
      p.setHost(impl.toClient());
    });
    try (Registration.Client reg = again.getRegistration()) {
      await(again.response());
      assertThat(await(call("Closing", "r1", "get", ""))).isEqualTo("3");
    } finally {
      first.close();
    }
  }

  @Test
  void hostDisconnectsMidTurn_callerGetsHostUnavailableAndTurnIsNotSaved() throws Exception {
    TestHost impl = new TestHost();
    Hosting first = host("Dropping", impl, 5_000, 0);
    await(call("Dropping", "d1", "add", "2"));

    CompletionStage<String> inFlight = call("Dropping", "d1", "hold", "555");
    assertThat(TestHost.slot(impl.entered, "d1")).succeedsWithin(TestNode.WAIT);
    first.conn().close();

    RpcException e = failure(inFlight);
    assertThat(e.reason()).startsWith("ERR_ACTOR_HOST_UNAVAILABLE").contains("disconnected during the turn");
    assertThat(savedState("Dropping", "d1", "total")).contains("2");
    try (Hosting h = host("Dropping", new TestHost())) {
      assertThat(await(call("Dropping", "d1", "get", ""))).isEqualTo("2");
    }
  }

  @Test
  void callerDisconnectsMidTurn_runtimeStaysHealthyAndActorServesNextCall() throws Exception {
    TestHost impl = new TestHost();
    try (Hosting h = host("Abandoned", impl, 5_000, 0)) {
      int before = endpoint.connections();
      TestNode.Conn leaving = node.connect(endpoint);
      ActorRef.Client a = leaving.runtime.actor(p -> {
        p.setType("Abandoned");
        p.setId("a1");
      }).getActor();
      CompletionStage<?> inFlight = a.invoke(p -> {
        p.setMethod("hold");
        p.setPayload(bytes("31"));
      }).response();
      assertThat(TestHost.slot(impl.entered, "a1")).succeedsWithin(TestNode.WAIT);

      leaving.close();
      assertThat(failure(inFlight).kind()).isEqualTo(RpcException.Kind.DISCONNECTED);
      waitUntil("the endpoint let the connection go", () -> endpoint.connections() <= before);
      TestHost.slot(impl.release, "a1").complete(null);

      // The turn the host finished counts (its answer reached the runtime); the actor goes on.
      waitUntil("the finished turn is saved", () -> savedState("Abandoned", "a1", "total").isPresent());
      assertThat(await(call("Abandoned", "a1", "add", "1"))).isEqualTo("32");
      assertThat(await(caller.runtime.ping().response()).getVersion()).isNotEmpty();
    }
  }

  @Test
  void hostActors_invalidArguments_answerInvalidRequest() throws Exception {
    TestNode.Conn conn = node.connect(endpoint);
    try {
      for (String type : new String[] {"", " ", "a/b"}) {
        var promise = conn.runtime.hostActors(p -> {
          p.setType(type);
          p.setHost(new TestHost().toClient());
        });
        assertThat(failure(promise.response()).reason()).as("type '%s'", type).startsWith("ERR_INVALID_REQUEST");
      }
      var noHost = conn.runtime.hostActors(p -> p.setType("NoHost"));
      assertThat(failure(noHost.response()).reason()).startsWith("ERR_INVALID_REQUEST").contains("host capability");
      assertThat(endpoint.hostedActorTypes()).doesNotContain("NoHost");
      assertThat(await(conn.runtime.ping().response()).getVersion()).isNotEmpty();
    } finally {
      conn.close();
    }
  }
}
