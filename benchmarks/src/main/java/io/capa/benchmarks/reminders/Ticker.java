package io.capa.benchmarks.reminders;

import io.capa.actors.api.Actor;
import io.capa.actors.api.ActorType;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * A reminder target that does nothing stateful: it counts the firing and records how late it ran.
 * Each reminder carries its first due time (epoch ms) as data; with the period known, the firing's
 * due time is the last grid point before now, so lateness = (now - first) mod period, valid while
 * lateness stays under one period.
 */
public final class Ticker extends Actor implements TickerApi {
  public static final String TYPE = "Ticker";
  public static final ActorType<Ticker> ACTOR_TYPE = ActorType.of(TYPE, Ticker.class, Ticker::new);

  static final LongAdder FIRED = new LongAdder();
  static final Recorder LATENESS_MICROS = new Recorder(3);
  static volatile long periodMillis = 1;

  private long seen;

  @Override
  public long seen() {
    return seen;
  }

  @Override
  protected void onReminder(String name, byte[] data) {
    long now = System.currentTimeMillis();
    long first = ByteBuffer.wrap(data).getLong();
    long late = Math.floorMod(now - first, periodMillis);
    LATENESS_MICROS.recordValue(Math.max(1, late * 1000));
    FIRED.increment();
    seen++;
  }

  static byte[] data(long firstDueMillis) {
    return ByteBuffer.allocate(Long.BYTES).putLong(firstDueMillis).array();
  }
}
