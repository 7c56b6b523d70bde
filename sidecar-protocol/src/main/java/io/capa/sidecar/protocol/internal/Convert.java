package io.capa.sidecar.protocol.internal;

import io.capa.api.actors.ActorId;
import io.capa.api.actors.FailurePolicy;
import io.capa.api.actors.ReminderInfo;
import io.capa.api.actors.ReminderSpec;
import io.capa.api.actors.StateOperation;
import io.capa.api.actors.TimerSpec;
import io.capa.api.invocation.InvokeRequest;
import io.capa.api.invocation.InvokeResponse;
import io.capa.sidecar.protocol.RuntimeProtocol;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * INTERNAL API: the portable API's records to and from the structs of runtime.capnp. Both the
 * runtime and the SDK use it, so a value crosses the protocol the same way in both directions.
 */
public final class Convert {
  private Convert() {}

  public static byte[] bytes(ByteBuffer b) {
    if (b == null) {
      return new byte[0];
    }
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /** 0 on the wire means "the runtime's default". */
  public static Duration millis(long value) {
    return value <= 0 ? null : Duration.ofMillis(value);
  }

  public static long millis(Duration d) {
    return d == null ? 0 : Math.max(1, d.toMillis());
  }

  public static void reminder(ReminderSpec spec, RuntimeProtocol.Reminder.Builder b) {
    b.setName(spec.name());
    b.setData(spec.data());
    b.setDueTime(spec.dueTime());
    b.setPeriod(spec.period());
    b.setTtl(spec.ttl());
    if (spec.failurePolicy() instanceof FailurePolicy.Retry r) {
      RuntimeProtocol.Reminder.FailurePolicy.Retry.Builder retry = b.getFailurePolicy().initRetry();
      retry.setMaxRetries(r.maxRetries());
      retry.setIntervalMillis(r.interval().toMillis());
    } else {
      b.getFailurePolicy().setDrop();
    }
  }

  public static ReminderSpec reminder(RuntimeProtocol.Reminder.Reader r) {
    RuntimeProtocol.Reminder.FailurePolicy.Reader fp = r.getFailurePolicy();
    FailurePolicy policy =
        fp.isRetry()
            ? FailurePolicy.retry(
                (int) Math.min(Integer.MAX_VALUE, fp.getRetry().getMaxRetries()),
                Duration.ofMillis(fp.getRetry().getIntervalMillis()))
            : FailurePolicy.drop();
    return new ReminderSpec(r.getName(), bytes(r.getData()), r.getDueTime(), r.getPeriod(), r.getTtl(), policy);
  }

  public static void reminderInfo(ReminderInfo info, RuntimeProtocol.ReminderInfo.Builder b) {
    b.setActorType(info.actor().type());
    b.setActorId(info.actor().id());
    reminder(info.spec(), b.initReminder());
    b.setRegisteredAtMillis(info.registeredAt().toEpochMilli());
    b.setNextFireMillis(info.nextFire().map(Instant::toEpochMilli).orElse(-1L));
    b.setFired(info.fired());
  }

  public static ReminderInfo reminderInfo(RuntimeProtocol.ReminderInfo.Reader r) {
    long next = r.getNextFireMillis();
    return new ReminderInfo(
        new ActorId(r.getActorType(), r.getActorId()),
        reminder(r.getReminder()),
        Instant.ofEpochMilli(r.getRegisteredAtMillis()),
        next < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(next)),
        r.getFired());
  }

  public static void timer(TimerSpec t, RuntimeProtocol.Timer.Builder b) {
    b.setName(t.name());
    b.setCallback(t.callback());
    b.setData(t.data());
    b.setDueTime(t.dueTime());
    b.setPeriod(t.period());
    b.setTtl(t.ttl());
  }

  public static TimerSpec timer(RuntimeProtocol.Timer.Reader r) {
    return new TimerSpec(r.getName(), r.getCallback(), bytes(r.getData()), r.getDueTime(), r.getPeriod(), r.getTtl());
  }

  public static void stateOperations(List<StateOperation> ops, List<RuntimeProtocol.StateOperation.Builder> out) {
    for (int i = 0; i < ops.size(); i++) {
      StateOperation op = ops.get(i);
      RuntimeProtocol.StateOperation.Builder b = out.get(i);
      b.setKey(op.key());
      if (op instanceof StateOperation.Upsert u) {
        b.setUpsert(u.value());
      } else {
        b.setDelete();
      }
    }
  }

  public static List<StateOperation> stateOperations(List<RuntimeProtocol.StateOperation.Reader> in) {
    List<StateOperation> out = new ArrayList<>(in.size());
    for (RuntimeProtocol.StateOperation.Reader r : in) {
      out.add(r.isDelete() ? new StateOperation.Delete(r.getKey()) : new StateOperation.Upsert(r.getKey(), bytes(r.getUpsert())));
    }
    return out;
  }

  public static void entries(Map<String, String> map, List<RuntimeProtocol.Entry.Builder> out) {
    int i = 0;
    for (Map.Entry<String, String> e : map.entrySet()) {
      out.get(i).setKey(e.getKey());
      out.get(i).setValue(e.getValue());
      i++;
    }
  }

  public static Map<String, String> entries(List<RuntimeProtocol.Entry.Reader> in) {
    Map<String, String> out = new LinkedHashMap<>();
    for (RuntimeProtocol.Entry.Reader e : in) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  public static void invokeRequest(InvokeRequest r, RuntimeProtocol.InvokeRequest.Builder b) {
    b.setAppId(r.appId());
    b.setMethod(r.method());
    b.setData(r.data());
    b.setContentType(r.contentType());
    b.setHttpVerb(r.httpVerb());
    b.setQuery(r.query());
    entries(r.metadata(), b.initMetadata(r.metadata().size()));
    b.setTimeoutMillis(millis(r.timeout()));
  }

  public static InvokeRequest invokeRequest(RuntimeProtocol.InvokeRequest.Reader r) {
    return new InvokeRequest(
        r.getAppId(),
        r.getMethod(),
        bytes(r.getData()),
        r.getContentType().isEmpty() ? null : r.getContentType(),
        r.getHttpVerb().isEmpty() ? null : r.getHttpVerb(),
        r.getQuery(),
        entries(r.getMetadata()),
        millis(r.getTimeoutMillis()));
  }

  public static void invokeResponse(InvokeResponse r, RuntimeProtocol.InvokeResponse.Builder b) {
    b.setStatus(r.status());
    b.setData(r.data());
    b.setContentType(r.contentType());
    entries(r.metadata(), b.initMetadata(r.metadata().size()));
  }

  public static InvokeResponse invokeResponse(RuntimeProtocol.InvokeResponse.Reader r) {
    return new InvokeResponse(
        r.getStatus() == 0 ? 200 : r.getStatus(),
        bytes(r.getData()),
        r.getContentType().isEmpty() ? null : r.getContentType(),
        entries(r.getMetadata()));
  }
}
