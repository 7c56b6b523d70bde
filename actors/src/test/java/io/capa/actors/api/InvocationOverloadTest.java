package io.capa.actors.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.api.actors.ReminderSpec;
import io.capa.runtime.api.Invocation;
import io.capa.runtime.api.InvocationGraph;
import io.capa.runtime.api.InvocationSource;
import io.capa.runtime.api.InvocationStats;
import io.capa.runtime.api.RuntimeConfig;
import io.capa.runtime.api.RuntimeServers;
import io.capa.runtime.api.RuntimeServices;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The invocation graph in front of a real actor runtime: a slow actor flooded by 10,000 callers
 * through the graph and a few hundred over the real HTTP server. Heap stays within what the
 * configured bounds allow, the excess is refused at once, another actor keeps answering, and every
 * accepted call completes. Reminder firings refused by the graph are delivered later, not lost.
 */
class InvocationOverloadTest {
  private static final int PARALLELISM = 4;
  private static final int TARGET_QUEUE = 16;
  private static final int MAX_WAITING = 256;
  private static final int TURN_MS = 200;
  private static final int CALLERS = 10_000;
  private static final int HTTP_CALLERS = 300;
  private static final int PAYLOAD_BYTES = 16 * 1024;

  public interface SlowApi {
    /** One turn that takes {@link #TURN_MS}; answers the argument's length. */
    CompletionStage<Integer> work(String payload);

    /** One turn that ends when the test opens {@link Slow#gate}. */
    CompletionStage<Void> hold();
  }

  public static final class Slow extends Actor implements SlowApi {
    static final Executor AFTER_TURN = CompletableFuture.delayedExecutor(TURN_MS, TimeUnit.MILLISECONDS, Runnable::run);
    static volatile CompletableFuture<Void> gate = new CompletableFuture<>();
    static final ConcurrentHashMap<String, AtomicInteger> FIRED = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Integer> work(String payload) {
      return CompletableFuture.supplyAsync(payload::length, AFTER_TURN);
    }

    @Override
    public CompletionStage<Void> hold() {
      return gate;
    }

    @Override
    protected void onReminder(String name, byte[] data) {
      FIRED.computeIfAbsent(context().id().id(), k -> new AtomicInteger()).incrementAndGet();
    }
  }

  public interface FastApi {
    String ping();
  }

  public static final class Fast extends Actor implements FastApi {
    @Override
    public String ping() {
      return "pong";
    }
  }

  static ActorRuntime runtime;
  static RuntimeServers servers;
  static InvocationGraph graph;
  static ExecutorService clientThreads;
  static HttpClient http;
  /** Another client, as another application would be: the flood's client queues its own requests. */
  static HttpClient otherHttp;

  @BeforeAll
  static void start() throws Exception {
    runtime =
        ActorRuntime.builder()
            .register(ActorType.of("Slow", Slow.class, Slow::new))
            .register(ActorType.of("Fast", Fast.class, Fast::new))
            .setting("capa.persistence.backend", "inmem")
            .setting("capa.cluster.port", 0)
            .setting("capa.data-dir", Files.createTempDirectory("capa-overload").toString())
            .setting("capa.invocation.per-target-parallelism", PARALLELISM)
            .setting("capa.invocation.per-target-queue", TARGET_QUEUE)
            .setting("capa.invocation.max-waiting", MAX_WAITING)
            .setting("capa.invocation.max-wait", "20s")
            .setting("capa.invocation.retry-after", "300ms")
            // Hundreds of clients connect at the same instant: pekko-http's listen backlog of 100
            // would make the kernel drop handshakes, which the clients see as 1 s stalls and resets.
            .setting("pekko.http.server.backlog", 1024)
            .start();
    var config = RuntimeConfig.load("sidecar:\n  port: 0\n  metricsPort: 0\n", "test.yaml");
    servers = RuntimeServers.start(runtime.system(), new RuntimeServices(config, runtime.service(), runtime.metrics(), List.of()))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    graph = InvocationGraph.get(runtime.system());
    clientThreads = Executors.newFixedThreadPool(4);
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();
    otherHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();
  }

  @AfterAll
  static void stop() throws Exception {
    Slow.gate.complete(null);
    servers.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    runtime.close();
    clientThreads.shutdownNow();
  }

  @Test
  void flood_slowActor_heapBoundedExcessRefusedFastOthersServedAcceptedCompleted() throws Exception {
    ActorId slow = new ActorId("Slow", "s1");
    ActorId fast = new ActorId("Fast", "f1");
    call(slow, "work", json("warm")).join();
    call(fast, "ping", new byte[0]).join();
    // The other application is already connected, as it would be: the flood's 300 new connections
    // cost pekko-http a connection set-up each, which a new connection would queue behind.
    assertThat(post(otherHttp, "/v1.0/actors/Fast/f1/method/ping", "").get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    long heapBefore = usedHeapAfterGc();
    long dispatchedBefore = graph.stats().dispatched();

    // Outcomes kept in arrays, not futures, so the test itself holds no per-call objects.
    byte[] outcome = new byte[CALLERS]; // 1 ok, 2 overloaded, 3 other
    long[] latencyNanos = new long[CALLERS];
    AtomicInteger dispatched = new AtomicInteger();
    AtomicInteger otherFailures = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(CALLERS);
    Sampler sampler = new Sampler();
    sampler.start();

    int threads = 4;
    List<Thread> submitters = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t * (CALLERS / threads);
      Thread th = new Thread(() -> {
        for (int i = first; i < first + CALLERS / threads; i++) {
          int n = i;
          byte[] payload = new byte[PAYLOAD_BYTES]; // a JSON string, held only by the graph's waiting entry
          Arrays.fill(payload, (byte) 'x');
          payload[0] = '"';
          payload[PAYLOAD_BYTES - 1] = '"';
          long start = System.nanoTime();
          graph.submit(Invocation.of(InvocationSource.RPC, "actor/Slow/s1", () -> {
                dispatched.incrementAndGet();
                return runtime.service().invoke(new ActorInvocation(slow, "work", payload));
              }))
              .whenComplete((r, e) -> {
                latencyNanos[n] = System.nanoTime() - start;
                if (e == null) {
                  outcome[n] = 1;
                } else if (code(e) == ErrorCode.OVERLOADED) {
                  outcome[n] = 2;
                } else {
                  outcome[n] = 3;
                  otherFailures.incrementAndGet();
                }
                done.countDown();
              });
        }
      }, "caller-" + t);
      submitters.add(th);
      th.start();
    }
    List<CompletableFuture<HttpResponse<String>>> httpCalls = new ArrayList<>();
    String httpBody = "\"" + "y".repeat(PAYLOAD_BYTES) + "\"";
    for (int i = 0; i < HTTP_CALLERS; i++) {
      httpCalls.add(post(http, "/v1.0/actors/Slow/s1/method/work", httpBody));
    }

    // While the slow actor is flooded, another actor answers promptly, through the graph and HTTP.
    long fastMax = 0;
    List<Long> fastMs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long s = System.nanoTime();
      String pong = new String(
          graph.submit(Invocation.of(InvocationSource.INTERNAL, "actor/Fast/f1", () -> runtime.service()
                  .invoke(new ActorInvocation(fast, "ping", new byte[0]))))
              .toCompletableFuture().get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
      assertThat(pong).isEqualTo("\"pong\"");
      fastMax = Math.max(fastMax, System.nanoTime() - s);
      fastMs.add((System.nanoTime() - s) / 1_000_000);
    }
    for (int i = 0; i < 5; i++) {
      long s = System.nanoTime();
      assertThat(post(otherHttp, "/v1.0/actors/Fast/f1/method/ping", "").get(5, TimeUnit.SECONDS).statusCode())
          .isEqualTo(200);
      fastMax = Math.max(fastMax, System.nanoTime() - s);
      fastMs.add(-(System.nanoTime() - s) / 1_000_000);
    }
    for (Thread th : submitters) {
      th.join();
    }
    long heapPeak = usedHeapAfterGc();
    InvocationStats atPeak = graph.stats();

    assertThat(done.await(60, TimeUnit.SECONDS)).as("every caller got an answer").isTrue();
    int http200 = 0;
    int http429 = 0;
    for (CompletableFuture<HttpResponse<String>> f : httpCalls) {
      HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
      if (r.statusCode() == 200) {
        http200++;
      } else {
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).contains("ERR_OVERLOADED", "actor/Slow/s1");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        http429++;
      }
    }
    sampler.interrupt();
    sampler.join();
    long heapAfter = usedHeapAfterGc();

    long ok = count(outcome, 1);
    long overloaded = count(outcome, 2);
    long[] refusedMs = refusedLatenciesMs(outcome, latencyNanos);
    // What the graph may hold: every waiting call (global bound plus the entry queue) and those in
    // flight, each with its payload; the HTTP server also holds each open request's body and buffers.
    long perCall = PAYLOAD_BYTES + 4096;
    int entryBuffer = runtime.system().settings().config().getInt("capa.invocation.entry-buffer"); // the default
    long graphBound = (long) (MAX_WAITING + entryBuffer + PARALLELISM) * perCall;
    long httpAllowance = (long) HTTP_CALLERS * (PAYLOAD_BYTES + 64 * 1024);
    long slack = 16L << 20;
    long bound = graphBound + httpAllowance + slack;
    long unbounded = (long) CALLERS * PAYLOAD_BYTES;

    System.out.printf(
        "invocation overload: callers=%d ok=%d overloaded=%d other=%d dispatched=%d%n"
            + "  refused latency ms: p50=%d p99=%d max=%d (a full backlog would take %d s)%n"
            + "  http: %d calls, %d x 200, %d x 429%n"
            + "  fast actor max latency during the flood: %d ms (graph, then -http: %s)%n"
            + "  graph peaks: waiting=%d inFlight=%d entryQueued=%d; at the heap peak %s%n"
            + "  heap used: before=%d MiB peak=%d MiB after=%d MiB growth=%d KiB bound=%d KiB (unbounded would be >= %d KiB)%n",
        CALLERS, ok, overloaded, otherFailures.get(), dispatched.get(),
        refusedMs[refusedMs.length / 2], refusedMs[(int) (refusedMs.length * 0.99)], refusedMs[refusedMs.length - 1],
        (long) CALLERS * TURN_MS / 1000,
        HTTP_CALLERS, http200, http429,
        fastMax / 1_000_000, fastMs,
        sampler.maxWaiting.get(), sampler.maxInFlight.get(), sampler.maxQueued.get(), atPeak,
        heapBefore >> 20, heapPeak >> 20, heapAfter >> 20, (heapPeak - heapBefore) >> 10, bound >> 10, unbounded >> 10);

    assertThat(otherFailures.get()).as("only successes and ERR_OVERLOADED").isZero();
    assertThat(ok + overloaded).isEqualTo(CALLERS);
    assertThat(ok).as("every dispatched call completed successfully").isEqualTo(dispatched.get());
    assertThat(ok).isPositive();
    assertThat(overloaded).isGreaterThan(CALLERS - 200);
    assertThat(refusedMs[refusedMs.length - 1]).as("refusals come at once, not after the backlog").isLessThan(3000);
    assertThat(http429).as("the HTTP excess is answered 429").isGreaterThan(HTTP_CALLERS - 100);
    assertThat(http200 + http429).isEqualTo(HTTP_CALLERS);
    assertThat(fastMax / 1_000_000).as("another actor keeps answering").isLessThan(1500);
    assertThat(sampler.maxWaiting.get()).isLessThanOrEqualTo(MAX_WAITING);
    assertThat(sampler.maxWaiting.get()).as("one target never waits more than its queue").isLessThanOrEqualTo(TARGET_QUEUE);
    assertThat(sampler.maxInFlight.get()).isLessThanOrEqualTo(PARALLELISM * 2); // slow and fast actor
    assertThat(heapPeak - heapBefore).as("heap growth at the peak").isLessThan(bound);
    assertThat(heapAfter - heapBefore).as("heap growth after the flood").isLessThan(bound);
    assertThat(graph.stats().dispatched() - dispatchedBefore).isGreaterThanOrEqualTo(dispatched.get());
  }

  @Test
  void reminder_refusedBySaturatedActor_isDeliveredLaterNotDropped() throws Exception {
    ActorId busy = new ActorId("Slow", "r1");
    Slow.gate = new CompletableFuture<>();
    List<CompletableFuture<byte[]>> holders = new ArrayList<>();
    for (int i = 0; i < PARALLELISM + TARGET_QUEUE; i++) {
      holders.add(graph.submit(Invocation.of(InvocationSource.INTERNAL, "actor/Slow/r1",
          () -> runtime.service().invoke(new ActorInvocation(busy, "hold", new byte[0])))).toCompletableFuture());
    }
    await(() -> graph.stats().waiting() >= TARGET_QUEUE ? 1 : 0, 1, Duration.ofSeconds(5));
    CompletableFuture<byte[]> excess = graph.submit(Invocation.of(InvocationSource.INTERNAL, "actor/Slow/r1",
        () -> runtime.service().invoke(new ActorInvocation(busy, "hold", new byte[0])))).toCompletableFuture();
    assertThat(code(catchFailure(excess))).isEqualTo(ErrorCode.OVERLOADED);

    // The default failure policy drops a firing that failed: a refusal must not count as one.
    runtime.service().registerReminder(busy, ReminderSpec.of("once", "0s", "")).toCompletableFuture().get(5, TimeUnit.SECONDS);
    LongSupplier refusedFirings = () -> rejected("reminder", "target_queue_full");
    await(refusedFirings, 2, Duration.ofSeconds(10)); // refused, deferred, refused again
    assertThat(Slow.FIRED.getOrDefault("r1", new AtomicInteger()).get()).isZero();

    Slow.gate.complete(null);
    for (CompletableFuture<byte[]> h : holders) {
      h.get(10, TimeUnit.SECONDS);
    }
    await(() -> Slow.FIRED.getOrDefault("r1", new AtomicInteger()).get(), 1, Duration.ofSeconds(10));
    System.out.printf("reminder firings refused while the actor was saturated: %d, delivered: %d%n",
        refusedFirings.getAsLong(), Slow.FIRED.get("r1").get());
    await(() -> runtime.service().getReminder(busy, "once").toCompletableFuture().join().isEmpty() ? 1 : 0, 1,
        Duration.ofSeconds(5));
  }

  // ---- helpers ----

  /** Samples the graph's figures while the flood runs. */
  static final class Sampler extends Thread {
    final AtomicLong maxWaiting = new AtomicLong();
    final AtomicLong maxInFlight = new AtomicLong();
    final AtomicLong maxQueued = new AtomicLong();

    Sampler() {
      super("graph-sampler");
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!isInterrupted()) {
        InvocationStats s = graph.stats();
        maxWaiting.accumulateAndGet(s.waiting(), Math::max);
        maxInFlight.accumulateAndGet(s.inFlight(), Math::max);
        maxQueued.accumulateAndGet(s.entryQueued(), Math::max);
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  static long rejected(String source, String reason) {
    String prefix = "capa_invocations_rejected_total{source=\"" + source + "\",reason=\"" + reason + "\"} ";
    return Arrays.stream(runtime.metrics().scrape().split("\n"))
        .filter(l -> l.startsWith(prefix))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(prefix.length()).strip()))
        .findFirst()
        .orElse(0);
  }

  static CompletableFuture<byte[]> call(ActorId id, String method, byte[] payload) {
    return runtime.service().invoke(new ActorInvocation(id, method, payload)).toCompletableFuture();
  }

  static CompletableFuture<HttpResponse<String>> post(HttpClient client, String path, String body) {
    return client.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + servers.httpPort() + path))
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static byte[] json(String s) {
    return ("\"" + s + "\"").getBytes(StandardCharsets.UTF_8);
  }

  static ErrorCode code(Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return t instanceof CapaException c ? c.errorCode() : null;
  }

  static Throwable catchFailure(CompletableFuture<?> f) throws InterruptedException {
    try {
      f.get(5, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer in 5 s", e);
    }
  }

  static long count(byte[] outcome, int value) {
    long n = 0;
    for (byte b : outcome) {
      n += b == value ? 1 : 0;
    }
    return n;
  }

  static long[] refusedLatenciesMs(byte[] outcome, long[] latencyNanos) {
    return java.util.stream.IntStream.range(0, outcome.length)
        .filter(i -> outcome[i] == 2)
        .mapToLong(i -> latencyNanos[i] / 1_000_000)
        .sorted()
        .toArray();
  }

  static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static void await(LongSupplier value, long atLeast, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (value.getAsLong() < atLeast && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(value.getAsLong()).isGreaterThanOrEqualTo(atLeast);
  }
}
