package io.capa.sidecar.protocol.internal;

import io.capa.api.actors.ActorId;
import io.capa.api.actors.FailurePolicy;
import io.capa.api.schedules.ScheduleInfo;
import io.capa.api.schedules.ScheduleSpec;
import io.capa.api.schedules.ScheduleTarget;
import io.capa.sidecar.protocol.RuntimeProtocol;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** INTERNAL API: the schedules building block's records to and from runtime.capnp. */
public final class ScheduleConvert {
  private ScheduleConvert() {}

  public static void spec(ScheduleSpec s, RuntimeProtocol.ScheduleSpec.Builder b) {
    b.setName(s.name());
    b.setCron(s.cron());
    if (s.target() instanceof ScheduleTarget.AppMethod a) {
      var app = b.getTarget().initApp();
      app.setAppId(a.appId());
      app.setAppMethod(a.method());
    } else if (s.target() instanceof ScheduleTarget.ActorMethod m) {
      var actor = b.getTarget().initActor();
      actor.setActorType(m.actor().type());
      actor.setActorId(m.actor().id());
      actor.setActorMethod(m.method());
    }
    b.setData(s.data());
    b.setUntilMillis(s.until().map(Instant::toEpochMilli).orElse(-1L));
    if (s.failurePolicy() instanceof FailurePolicy.Retry r) {
      var retry = b.getFailurePolicy().initRetry();
      retry.setMaxRetries(r.maxRetries());
      retry.setIntervalMillis(r.interval().toMillis());
    } else {
      b.getFailurePolicy().setDrop();
    }
  }

  public static ScheduleSpec spec(RuntimeProtocol.ScheduleSpec.Reader r) {
    var t = r.getTarget();
    ScheduleTarget target = t.isActor()
        ? ScheduleTarget.actor(new ActorId(t.getActor().getActorType(), t.getActor().getActorId()), t.getActor().getActorMethod())
        : ScheduleTarget.app(t.getApp().getAppId(), t.getApp().getAppMethod());
    var fp = r.getFailurePolicy();
    FailurePolicy policy = fp.isRetry()
        ? FailurePolicy.retry((int) Math.min(Integer.MAX_VALUE, fp.getRetry().getMaxRetries()),
            Duration.ofMillis(fp.getRetry().getIntervalMillis()))
        : FailurePolicy.drop();
    long until = r.getUntilMillis();
    return new ScheduleSpec(r.getName(), r.getCron(), target, Convert.bytes(r.getData()),
        until < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(until)), policy);
  }

  public static void info(ScheduleInfo i, RuntimeProtocol.ScheduleInfo.Builder b) {
    spec(i.spec(), b.initSpec());
    b.setCreatedAtMillis(i.createdAt().toEpochMilli());
    b.setNextFireMillis(i.nextFire().map(Instant::toEpochMilli).orElse(-1L));
    b.setFired(i.fired());
  }

  public static ScheduleInfo info(RuntimeProtocol.ScheduleInfo.Reader r) {
    long next = r.getNextFireMillis();
    return new ScheduleInfo(spec(r.getSpec()), Instant.ofEpochMilli(r.getCreatedAtMillis()),
        next < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(next)), r.getFired());
  }
}
