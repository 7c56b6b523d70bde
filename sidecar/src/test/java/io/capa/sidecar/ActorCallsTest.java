package io.capa.sidecar;

import static io.capa.sidecar.TestNode.await;
import static io.capa.sidecar.TestNode.bytes;
import static io.capa.sidecar.TestNode.code;
import static io.capa.sidecar.TestNode.failure;
import static io.capa.sidecar.TestNode.text;
import static io.capa.sidecar.TestNode.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.actors.ActorId;
import io.capa.api.actors.ReminderSpec;
import io.capa.api.actors.TimerSpec;
import io.capa.capnp.rpc.RpcException;
import io.capa.sidecar.api.SidecarEndpoint;
import io.capa.sidecar.protocol.RuntimeProtocol.ActorRef;
import io.capa.sidecar.protocol.RuntimeProtocol.ReminderInfo;
import io.capa.sidecar.protocol.internal.Convert;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runtime's Java actors, called over RPC through actor references. */
class ActorCallsTest {
  static TestNode node;
  static SidecarEndpoint endpoint;
  static TestNode.Conn app;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.shared();
    endpoint = node.endpoint(Map.of());
    app = node.connect(endpoint);
  }

  @AfterAll
  static void stop() {
    node.release();
  }

  static ActorRef.Client actor(String type, String id) {
    return app.runtime.actor(p -> {
      p.setType(type);
      p.setId(id);
    }).getActor();
  }

  static ActorRef.InvokeResults.Promise invoke(ActorRef.Client a, String method, String payload) {
    return a.invoke(p -> {
      p.setMethod(method);
      p.setPayload(bytes(payload));
    });
  }

  static Optional<String> state(ActorRef.Client a, String key) throws Exception {
    ActorRef.GetStateResults.Reader r = await(a.getState(p -> p.setKey(key)).response());
    return r.getFound() ? Optional.of(text(r.getValue())) : Optional.empty();
  }

  @Test
  void invoke_onPipelinedActorRef_runsTheTurnsWithoutAwaitingActorInCallOrder() throws Exception {
    // Both calls leave before actor() has answered: they travel on its promise, and run in the
    // order they were made (E-order), through the invocation graph. Many pairs, because a reorder
    // would show only now and then.
    for (int i = 0; i < 100; i++) {
      String id = "pipelined-" + i;
      var ref = app.runtime.actor(p -> {
        p.setType(TestActors.COUNTER);
        p.setId(id);
      });
      try (ActorRef.Client a = ref.getActor()) {
        var first = invoke(a, "add", "5");
        var second = invoke(a, "add", "7");

        String r1 = text(await(first.response()).getResult());
        String r2 = text(await(second.response()).getResult());
        assertThat(List.of(r1, r2)).as("pair " + i).containsExactly("5", "12");
        assertThat(await(ref.response()).hasActor()).isTrue();
      }
    }
    assertThat(node.runtime.service().getState(new ActorId(TestActors.COUNTER, "pipelined-0"), "total")
        .toCompletableFuture().join().map(TestNode::text)).contains("12");
  }

  @Test
  void invokeActor_withoutReference_runsTheTurnAndAnswersErrorsByCode() throws Exception {
    var first = app.runtime.invokeActor(p -> {
      p.setType(TestActors.COUNTER);
      p.setId("direct");
      p.setMethod("add");
      p.setPayload(bytes("2"));
    });
    var second = app.runtime.invokeActor(p -> {
      p.setType(TestActors.COUNTER);
      p.setId("direct");
      p.setMethod("add");
      p.setPayload(bytes("3"));
    });
    assertThat(text(await(first.response()).getResult())).isEqualTo("2");
    assertThat(text(await(second.response()).getResult())).isEqualTo("5");

    var unknown = app.runtime.invokeActor(p -> {
      p.setType("NoSuchType");
      p.setId("x");
      p.setMethod("add");
    });
    assertThat(TestNode.code(unknown.response())).isEqualTo("ERR_ACTOR_TYPE_NOT_FOUND");
    var blank = app.runtime.invokeActor(p -> {
      p.setType(TestActors.COUNTER);
      p.setId("");
      p.setMethod("add");
    });
    assertThat(TestNode.code(blank.response())).isEqualTo("ERR_INVALID_REQUEST");
  }

  @Test
  void getState_afterTurnsAndTransaction_readsSavedState() throws Exception {
    try (ActorRef.Client a = actor(TestActors.COUNTER, "state")) {
      await(invoke(a, "add", "3").response());
      assertThat(state(a, "total")).contains("3");
      assertThat(state(a, "absent")).isEmpty();

      await(a.transactState(p -> {
        var ops = p.initOperations(2);
        ops.get(0).setKey("total");
        ops.get(0).setUpsert(bytes("40"));
        ops.get(1).setKey("other");
        ops.get(1).setDelete();
      }).response());
      await(a.transactState(p -> {
        var ops = p.initOperations(1);
        ops.get(0).setKey("extra");
        ops.get(0).setUpsert(bytes("\"x\""));
      }).response());

      assertThat(state(a, "total")).contains("40");
      assertThat(state(a, "extra")).contains("\"x\"");
      // The next turn reads what the transaction saved.
      assertThat(text(await(invoke(a, "add", "2").response()).getResult())).isEqualTo("42");
    }
  }

  @Test
  void reminders_registerGetListUnregister_roundTrip() throws Exception {
    try (ActorRef.Client a = actor(TestActors.COUNTER, "reminders")) {
      ReminderSpec spec = new ReminderSpec("later", bytes("d"), "1h", "PT2H", "", null);
      await(a.registerReminder(p -> Convert.reminder(spec, p.initReminder())).response());

      ActorRef.GetReminderResults.Reader got = await(a.getReminder(p -> p.setName("later")).response());
      assertThat(got.getFound()).isTrue();
      ReminderInfo.Reader info = got.getReminder();
      assertThat(info.getActorType()).isEqualTo(TestActors.COUNTER);
      assertThat(info.getActorId()).isEqualTo("reminders");
      assertThat(info.getReminder().getName()).isEqualTo("later");
      assertThat(info.getReminder().getPeriod()).isEqualTo("PT2H");
      assertThat(info.getNextFireMillis()).isGreaterThan(System.currentTimeMillis() + 50 * 60_000);
      List<String> names = await(a.listReminders().response()).getReminders().stream()
          .map(r -> r.getReminder().getName()).toList();
      assertThat(names).containsExactly("later");

      assertThat(await(a.unregisterReminder(p -> p.setName("later")).response()).getExisted()).isTrue();
      assertThat(await(a.unregisterReminder(p -> p.setName("later")).response()).getExisted()).isFalse();
      assertThat(await(a.getReminder(p -> p.setName("later")).response()).getFound()).isFalse();
      assertThat(await(a.listReminders().response()).getReminders()).isEmpty();
    }
  }

  @Test
  void registerReminder_dueNow_firesOnTheActor() throws Exception {
    try (ActorRef.Client a = actor(TestActors.COUNTER, "reminded")) {
      await(a.registerReminder(p -> Convert.reminder(ReminderSpec.of("now", "", ""), p.initReminder())).response());

      waitUntil("the reminder fired", () -> {
        try {
          return !text(await(invoke(a, "reminded", "").response()).getResult()).equals("0");
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
    }
  }

  @Test
  void registerTimer_periodic_firesCallbackUntilUnregistered() throws Exception {
    try (ActorRef.Client a = actor(TestActors.COUNTER, "timed")) {
      TimerSpec timer = new TimerSpec("t", "tick", bytes("2"), "0s", "50ms", "");
      await(a.registerTimer(p -> Convert.timer(timer, p.initTimer())).response());

      waitUntil("the timer fired twice", () -> ticks(a) >= 4);
      assertThat(await(a.unregisterTimer(p -> p.setName("t")).response()).getExisted()).isTrue();
      long after = ticks(a);
      Thread.sleep(200);
      assertThat(ticks(a)).isEqualTo(after);
      assertThat(await(a.unregisterTimer(p -> p.setName("t")).response()).getExisted()).isFalse();
    }
  }

  static long ticks(ActorRef.Client a) {
    try {
      return Long.parseLong(text(await(invoke(a, "ticks", "").response()).getResult()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void invoke_unknownActorType_failsWithTypeNotFound() {
    try (ActorRef.Client a = actor("NoSuchType", "x")) {
      RpcException e = failure(invoke(a, "add", "1").response());

      assertThat(e.reason()).startsWith("ERR_ACTOR_TYPE_NOT_FOUND").contains("NoSuchType");
    }
  }

  @Test
  void invoke_unknownMethod_failsWithMethodNotFound() {
    try (ActorRef.Client a = actor(TestActors.COUNTER, "methods")) {
      RpcException e = failure(invoke(a, "noSuchMethod", "").response());

      assertThat(e.reason()).startsWith("ERR_ACTOR_METHOD_NOT_FOUND").contains("noSuchMethod");
    }
  }

  @Test
  void invoke_methodThrows_failsWithMethodFailedAndSavesNothing() throws Exception {
    try (ActorRef.Client a = actor(TestActors.COUNTER, "throws")) {
      await(invoke(a, "add", "9").response());

      RpcException e = failure(invoke(a, "fail", "\"refused\"").response());

      assertThat(e.reason()).startsWith("ERR_ACTOR_METHOD_FAILED").contains("refused");
      assertThat(state(a, "total")).contains("9");
    }
  }

  @Test
  void actor_invalidArguments_answerInvalidRequestAndConnectionKeepsServing() throws Exception {
    try (ActorRef.Client blankType = actor(" ", "x");
        ActorRef.Client slashType = actor("a/b", "x");
        ActorRef.Client blankId = actor(TestActors.COUNTER, "");
        ActorRef.Client good = actor(TestActors.COUNTER, "valid")) {
      assertThat(code(invoke(blankType, "add", "1").response())).isEqualTo("ERR_INVALID_REQUEST");
      assertThat(failure(invoke(slashType, "add", "1").response()).reason())
          .startsWith("ERR_INVALID_REQUEST").contains("a/b");
      assertThat(code(invoke(blankId, "add", "1").response())).isEqualTo("ERR_INVALID_REQUEST");
      assertThat(code(invoke(good, "", "1").response())).isEqualTo("ERR_INVALID_REQUEST");
      assertThat(code(good.getState(p -> p.setKey("")).response())).isEqualTo("ERR_INVALID_REQUEST");
      assertThat(code(good.transactState(p -> p.initOperations(1).get(0).setKey(" ")).response()))
          .isEqualTo("ERR_INVALID_REQUEST");
      assertThat(code(good.registerReminder(p -> p.initReminder().setName("")).response()))
          .isEqualTo("ERR_INVALID_REQUEST");
      assertThat(code(good.registerReminder(p -> {
        var r = p.initReminder();
        r.setName("bad");
        r.setPeriod("every now and then");
      }).response())).isEqualTo("ERR_INVALID_SCHEDULE");

      assertThat(text(await(invoke(good, "add", "1").response()).getResult())).isEqualTo("1");
      assertThat(await(app.runtime.ping().response()).getVersion()).isNotEmpty();
    }
  }
}
