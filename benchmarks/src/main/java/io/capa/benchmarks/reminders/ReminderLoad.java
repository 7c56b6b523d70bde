package io.capa.benchmarks.reminders;

import io.capa.actors.api.ActorRuntime;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorService;
import io.capa.api.actors.ReminderSpec;
import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.Machine;
import io.capa.benchmarks.internal.Nodes;
import io.capa.benchmarks.internal.Scrape;
import io.capa.benchmarks.internal.Table;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Reminders at scale: registers {@code --reminders} durable reminders spread over {@code --actors}
 * actors, with one period chosen so that the whole set fires at {@code --rate} per second, then
 * measures firing throughput and lateness in a steady window.
 *
 * <p>First due times are absolute instants spread evenly over one period (see {@link #spread}), starting {@code
 * --register-budget} after the start, so the firing rate is flat from its first second and
 * registration (measured on its own) stops when the budget is used up, so it never overlaps the
 * firings: the reminders that fitted are then the ones measured, and the table says how many.
 *
 * <p>Options: {@code --reminders 1000000 --actors 1000 --rate 30000 --backend h2 --concurrency 512
 * --register-budget 60s --settle 5s --measure 30s}.
 */
public final class ReminderLoad {
  private static final String LABEL = "actor_type=\"" + Ticker.TYPE + "\"";

  private ReminderLoad() {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    int n = a.integer("reminders", 1_000_000);
    int actors = a.integer("actors", 1000);
    int rate = a.integer("rate", 30_000);
    String backend = a.string("backend", "h2");
    int concurrency = a.integer("concurrency", 512);
    long budget = a.duration("register-budget", "60s").toMillis();
    long settle = a.duration("settle", "5s").toMillis();
    long measure = a.duration("measure", "30s").toMillis();
    long period = Math.max(1, Math.round(n * 1000.0 / rate));
    Ticker.periodMillis = period;
    Machine.printHeader(
        "reminders: " + n + " on " + actors + " actors, period " + period + " ms (target " + rate + " fired/s), backend " + backend);

    try (ActorRuntime runtime = Nodes.start(backend, Map.of(), Ticker.ACTOR_TYPE)) {
      ActorService service = runtime.service();
      long start = System.currentTimeMillis();
      long firstDue = start + budget;
      String periodText = period + "ms";
      Semaphore window = new Semaphore(concurrency);
      AtomicLong failures = new AtomicLong();
      AtomicReference<Throwable> firstError = new AtomicReference<>();
      long lastReport = System.nanoTime();
      long t0 = System.nanoTime();
      int registeredCount = n;
      for (int i = 0; i < n; i++) {
        if (System.currentTimeMillis() >= firstDue - 1000) {
          // Past the budget the first firings would mix with registration; measure what fitted.
          registeredCount = i;
          System.out.printf("  NOTE: registration budget used up after %,d of %,d reminders%n", i, n);
          break;
        }
        long due = firstDue + spread(i, period);
        ReminderSpec spec =
            new ReminderSpec("r" + (i / actors), Ticker.data(due), Instant.ofEpochMilli(due).toString(), periodText, null, null);
        window.acquire();
        service
            .registerReminder(new ActorId(Ticker.TYPE, "t" + (i % actors)), spec)
            .whenComplete(
                (v, e) -> {
                  if (e != null) {
                    failures.incrementAndGet();
                    firstError.compareAndSet(null, e);
                  }
                  window.release();
                });
        if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
          lastReport = System.nanoTime();
          System.out.printf("  registered %,d in %.1f s, heap used %d MiB%n", i, (lastReport - t0) / 1e9, heapMiB());
        }
      }
      window.acquire(concurrency);
      double regSeconds = (System.nanoTime() - t0) / 1e9;
      long regEnd = System.currentTimeMillis();
      if (firstError.get() != null) {
        System.out.println("  first registration error: " + firstError.get());
      }
      long heapAfterRegistration = heapMiB();
      if (regEnd > firstDue) {
        System.out.printf("  NOTE: replies to registrations came %.1f s after the first due time%n", (regEnd - firstDue) / 1000.0);
      }

      long windowStart = Math.max(firstDue, regEnd) + settle;
      sleepUntil(windowStart);
      String s0 = runtime.metrics().scrape();
      long f0 = Ticker.FIRED.sum();
      Ticker.LATENESS_MICROS.reset();
      long w0 = System.nanoTime();
      sleepUntil(windowStart + measure);
      long f1 = Ticker.FIRED.sum();
      double w = (System.nanoTime() - w0) / 1e9;
      String s1 = runtime.metrics().scrape();
      Histogram late = Ticker.LATENESS_MICROS.getIntervalHistogram();

      String fired = "capa_reminders_fired_total";
      double metricFired = Scrape.value(s1, fired, LABEL) - Scrape.value(s0, fired, LABEL);
      double lateOver1s = Scrape.value(s1, "capa_reminders_late_total", LABEL) - Scrape.value(s0, "capa_reminders_late_total", LABEL);
      double failed = Scrape.value(s1, "capa_reminders_failed_total", LABEL) - Scrape.value(s0, "capa_reminders_failed_total", LABEL);
      List<Scrape.Bucket> b0 = Scrape.buckets(s0, "capa_reminders_lateness_seconds", LABEL);
      List<Scrape.Bucket> b1 = Scrape.buckets(s1, "capa_reminders_lateness_seconds", LABEL);
      double registered = Scrape.value(s1, "capa_reminders_registered", "");

      new Table("reminders result", "figure", "value")
          .row("reminders registered (gauge)", (long) registered)
          .row("registration time s", regSeconds)
          .row("reminders asked for", (long) n)
          .row("registration rate /s", registeredCount / regSeconds)
          .row("registration failures", failures.get())
          .row("heap used after registration MiB", heapAfterRegistration)
          .row("measured window s", w)
          .row("fired/s (counted in the actor)", (f1 - f0) / w)
          .row("fired/s (capa_reminders_fired_total)", metricFired / w)
          .row("target fired/s (for all asked)", (double) n * 1000 / period)
          .row("expected fired/s (for those registered)", (double) registeredCount * 1000 / period)
          .row("lateness p50 ms (in the actor)", Table.ms(late.getValueAtPercentile(50)))
          .row("lateness p99 ms (in the actor)", Table.ms(late.getValueAtPercentile(99)))
          .row("lateness max ms (in the actor)", Table.ms(late.getMaxValue()))
          .row("lateness p99 <= s (runtime histogram bucket)", Scrape.quantileBound(b0, b1, 0.99))
          // The actor's figure wraps at one period; it only holds while the runtime's bound is below it.
          .row("in-actor lateness valid (bound < period)", Scrape.quantileBound(b0, b1, 0.99) * 1000 < period ? "yes" : "NO")
          .row("firings > 1 s late", (long) lateOver1s)
          .row("failed firings", (long) failed)
          .row("heap used at end MiB", heapMiB())
          .print();
      System.out.println("# load at end: " + Machine.loadAverage());
    }
  }

  /**
   * The offset of reminder {@code i} within one period, by the golden-ratio sequence: any prefix of
   * it is spread evenly over the period, so the firing rate stays flat even when the budget ends
   * registration early.
   */
  static long spread(int i, long period) {
    double frac = (i * 0.6180339887498949) % 1.0;
    return (long) (frac * period);
  }

  private static long heapMiB() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
  }

  private static void sleepUntil(long epochMillis) throws InterruptedException {
    long d = epochMillis - System.currentTimeMillis();
    if (d > 0) {
      Thread.sleep(d);
    }
  }
}
