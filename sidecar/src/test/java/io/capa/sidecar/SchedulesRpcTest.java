package io.capa.sidecar;

import static io.capa.sidecar.TestNode.await;
import static io.capa.sidecar.TestNode.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.actors.ActorId;
import io.capa.api.actors.FailurePolicy;
import io.capa.api.schedules.ScheduleInfo;
import io.capa.api.schedules.ScheduleSpec;
import io.capa.api.schedules.ScheduleTarget;
import io.capa.sidecar.api.BlockServices;
import io.capa.sidecar.memory.MemorySchedules;
import io.capa.sidecar.protocol.RuntimeProtocol.Runtime;
import io.capa.sidecar.protocol.internal.ScheduleConvert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The schedules block over RPC against an in-memory service: both targets, failure policies, bad specs. */
class SchedulesRpcTest {
  static TestNode node;
  static TestNode.Conn conn;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.shared();
    conn = node.connect(node.endpoint(Map.of(), BlockServices.NONE.withSchedules(new MemorySchedules())));
  }

  @AfterAll
  static void stop() {
    node.release();
  }

  static Optional<ScheduleInfo> get(String name) throws Exception {
    return await(conn.runtime.getSchedule(p -> p.setName(name)).response()
        .thenApply(r -> r.getFound() ? Optional.of(ScheduleConvert.info(r.getInfo())) : Optional.<ScheduleInfo>empty()));
  }

  @Test
  void createGetListDelete_bothTargets() throws Exception {
    ScheduleSpec toApp = new ScheduleSpec("nightly", "0 0 * * *", ScheduleTarget.app("billing", "close-day"),
        new byte[] {1}, Optional.of(Instant.parse("2030-01-01T00:00:00Z")), FailurePolicy.retry(3, Duration.ofSeconds(2)));
    ScheduleSpec toActor = ScheduleSpec.of("tick", "*/5 * * * *", ScheduleTarget.actor(new ActorId("Cart", "c1"), "expire"), null);
    for (ScheduleSpec s : List.of(toApp, toActor)) {
      await(conn.runtime.createSchedule(p -> ScheduleConvert.spec(s, p.initSpec())).response());
    }

    ScheduleInfo nightly = get("nightly").orElseThrow();
    assertThat(nightly.spec().target()).isEqualTo(toApp.target());
    assertThat(nightly.spec().until()).isEqualTo(toApp.until());
    assertThat(nightly.spec().failurePolicy()).isEqualTo(toApp.failurePolicy());
    assertThat(nightly.spec().data()).containsExactly(1);
    assertThat(get("tick").orElseThrow().spec().target()).isEqualTo(toActor.target());
    List<String> names = await(conn.runtime.listSchedules(p -> {}).response()
        .thenApply(r -> r.getSchedules().stream().map(i -> ScheduleConvert.info(i).name()).toList()));
    assertThat(names).contains("nightly", "tick");

    assertThat(await(conn.runtime.deleteSchedule(p -> p.setName("tick")).response().thenApply(Runtime.DeleteScheduleResults.Reader::getExisted))).isTrue();
    assertThat(await(conn.runtime.deleteSchedule(p -> p.setName("tick")).response().thenApply(Runtime.DeleteScheduleResults.Reader::getExisted))).isFalse();
    assertThat(get("tick")).isEmpty();
  }

  @Test
  void create_badSpec_isInvalidRequestNamingTheField() {
    assertThat(failure(conn.runtime.createSchedule(p -> {
      var s = p.initSpec();
      s.setName("a/b");
      s.setCron("* * * * *");
      s.getTarget().initApp().setAppId("x");
    }).response()).reason()).startsWith("ERR_INVALID_REQUEST");
    assertThat(failure(conn.runtime.createSchedule(p -> p.initSpec().setName("no-target")).response()).reason())
        .startsWith("ERR_INVALID_REQUEST").contains("appId");
    assertThat(failure(conn.runtime.createSchedule(p -> {
      var s = p.initSpec();
      s.setName("no-cron");
      var app = s.getTarget().initApp();
      app.setAppId("billing");
      app.setAppMethod("close");
    }).response()).reason()).startsWith("ERR_INVALID_REQUEST").contains("cron");
  }
}
