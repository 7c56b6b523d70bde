package io.capa.schedules.internal;

import io.capa.api.actors.ActorId;
import io.capa.api.actors.FailurePolicy;
import io.capa.api.schedules.ScheduleSpec;
import io.capa.api.schedules.ScheduleTarget;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * INTERNAL API. A schedule as the data of its reminder, so that the reminder store is the only
 * place a schedule lives:
 *
 * <pre>
 *   u8 version (1) | utf name | utf cron | u8 target (0 app, 1 actor) | utf appId or actor type, [utf actor id,] utf method
 *   | i64 until epoch millis or -1 | u8 policy (0 drop, 1 retry) [| i32 retries | i64 interval millis]
 *   | i32 data length | data
 * </pre>
 */
public final class ScheduleCodec {
  private static final int VERSION = 1;

  private ScheduleCodec() {}

  public static byte[] encode(ScheduleSpec spec) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(spec.name());
      out.writeUTF(spec.cron());
      if (spec.target() instanceof ScheduleTarget.AppMethod a) {
        out.writeByte(0);
        out.writeUTF(a.appId());
        out.writeUTF(a.method());
      } else {
        ScheduleTarget.ActorMethod m = (ScheduleTarget.ActorMethod) spec.target();
        out.writeByte(1);
        out.writeUTF(m.actor().type());
        out.writeUTF(m.actor().id());
        out.writeUTF(m.method());
      }
      out.writeLong(spec.until().map(Instant::toEpochMilli).orElse(-1L));
      if (spec.failurePolicy() instanceof FailurePolicy.Retry r) {
        out.writeByte(1);
        out.writeInt(r.maxRetries());
        out.writeLong(r.interval().toMillis());
      } else {
        out.writeByte(0);
      }
      out.writeInt(spec.data().length);
      out.write(spec.data());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static ScheduleSpec decode(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("schedule data of version " + version + " (this runtime reads " + VERSION + ")");
      }
      String name = in.readUTF();
      String cron = in.readUTF();
      ScheduleTarget target = in.readUnsignedByte() == 0
          ? new ScheduleTarget.AppMethod(in.readUTF(), in.readUTF())
          : new ScheduleTarget.ActorMethod(new ActorId(in.readUTF(), in.readUTF()), in.readUTF());
      long until = in.readLong();
      FailurePolicy policy = in.readUnsignedByte() == 1
          ? FailurePolicy.retry(in.readInt(), Duration.ofMillis(in.readLong()))
          : FailurePolicy.drop();
      byte[] payload = new byte[in.readInt()];
      in.readFully(payload);
      return new ScheduleSpec(name, cron, target, payload,
          until < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(until)), policy);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable schedule data: " + e, e);
    }
  }
}
