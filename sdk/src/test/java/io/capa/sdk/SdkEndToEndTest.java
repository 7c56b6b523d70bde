package io.capa.sdk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.api.actors.ReminderSpec;
import io.capa.api.invocation.InvokeRequest;
import io.capa.api.invocation.InvokeResponse;
import io.capa.sdk.api.ActorTurn;
import io.capa.sdk.api.CapaClient;
import io.capa.sdk.api.HostOptions;
import io.capa.sdk.api.HostedActor;
import io.capa.sdk.api.Mode;
import io.capa.sdk.api.Registration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK against the real runtime (the sidecar's RPC endpoint over an actor runtime) in this JVM,
 * over TCP on loopback.
 */
class SdkEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /**
   * A hosted actor that counts: "add" adds the payload's number to the saved "total" and returns
   * it, "remind" registers a reminder that adds 100 each time it fires, "fail" writes and then throws.
   */
  static final class Counter implements HostedActor {
    final AtomicInteger activations = new AtomicInteger();

    @Override
    public CompletionStage<byte[]> invoke(ActorTurn turn, String method, byte[] payload) {
      return switch (method) {
        case "add" -> turn.getState("total").thenCompose(v -> {
          long total = v.map(SdkEndToEndTest::number).orElse(0L) + number(payload);
          // Not awaited: the write travels ahead of the result on the turn's capability.
          turn.setState("total", text(total));
          return CompletableFuture.completedFuture(text(total));
        });
        case "forward" -> turn.callActor(new ActorId(turn.id().type(), "target"), "add", payload);
        case "get" -> turn.getStateText("total").thenApply(v -> v.orElse("0").getBytes(UTF_8));
        case "label" -> turn.setStateText("label", new String(payload, UTF_8))
            .thenCompose(x -> turn.getStateText("label")).thenApply(v -> v.orElseThrow().getBytes(UTF_8));
        case "remind" -> turn.registerReminder(new ReminderSpec("bump", text(100), "0s", "", "", null))
            .thenApply(x -> new byte[0]);
        case "fail" -> {
          turn.setState("total", text(-1));
          throw new IllegalStateException("refused " + new String(payload, UTF_8));
        }
        default -> CompletableFuture.failedFuture(new CapaException(ErrorCode.ACTOR_METHOD_NOT_FOUND, method));
      };
    }

    @Override
    public CompletionStage<Void> reminder(ActorTurn turn, String name, byte[] data) {
      return turn.getState("total").thenCompose(v -> turn.setState("total",
          text(v.map(SdkEndToEndTest::number).orElse(0L) + number(data))))
          .thenCompose(x -> turn.unregisterReminder(name)).thenApply(x -> null);
    }

    @Override
    public void activated(ActorId id) {
      activations.incrementAndGet();
    }
  }

  static byte[] text(long n) {
    return Long.toString(n).getBytes(UTF_8);
  }

  static long number(byte[] b) {
    return b.length == 0 ? 0 : Long.parseLong(new String(b, UTF_8));
  }

  static <T> T await(CompletionStage<T> s) throws Exception {
    try {
      return s.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception c ? c : e;
    }
  }

  static CapaException failure(CompletionStage<?> s) {
    Throwable t = catchThrowable(() -> await(s));
    assertThat(t).isInstanceOf(CapaException.class);
    return (CapaException) t;
  }

  static CapaClient.Builder client(String appId, int port) {
    return CapaClient.builder().appId(appId).runtime("127.0.0.1", port).apiToken(null)
        .connectTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(10));
  }

  static long add(CapaClient c, ActorId id, long by) throws Exception {
    return number(await(c.actors().invoke(new ActorInvocation(id, "add", text(by)))));
  }

  @Test
  void build_runtimeReachable_negotiatesSidecarAndServesHostedActorWithState() throws Exception {
    try (RealRuntime runtime = RealRuntime.start();
        CapaClient app = client("counter-app", runtime.port()).build()) {
      assertThat(app.mode()).isEqualTo(Mode.SIDECAR);
      assertThat(app.connected()).isTrue();
      assertThat(app.decision().offered()).containsExactly(Mode.SIDECAR);
      assertThat(app.decision().reason()).contains("127.0.0.1:" + runtime.port()).contains("SIDECAR");
      Counter counter = new Counter();
      try (Registration reg = app.hostActors("Counter", counter, HostOptions.defaults())) {
        assertThat(reg.active()).isTrue();
        ActorId id = new ActorId("Counter", "c1");

        assertThat(add(app, id, 5)).isEqualTo(5);
        assertThat(add(app, id, 7)).isEqualTo(12);

        // Saved by the runtime when the turn ended, readable without a turn.
        assertThat(await(app.actors().getState(id, "total")).map(b -> new String(b, UTF_8))).contains("12");
        assertThat(counter.activations.get()).isGreaterThanOrEqualTo(1);
        assertThat(await(app.actors().invoke(new ActorInvocation(id, "label", "häkki".getBytes(UTF_8)))))
            .asString(UTF_8).isEqualTo("häkki");
        assertThat(number(await(app.actors().invoke(new ActorInvocation(id, "get", null))))).isEqualTo(12);
        // A call to another actor from inside a turn, on the turn's capability.
        assertThat(number(await(app.actors().invoke(new ActorInvocation(id, "forward", text(30)))))).isEqualTo(30);
        assertThat(number(await(app.actors().invoke(new ActorInvocation(new ActorId("Counter", "target"), "get",
            null))))).isEqualTo(30);
      }
    }
  }

  @Test
  void build_unreachableWithSdkFallback_usesSdkModeAndActorsWaitForRuntime() throws Exception {
    int port = RealRuntime.freePort();
    try (CapaClient app = client("offline-app", port).fallback(Mode.SDK).build()) {
      assertThat(app.mode()).isEqualTo(Mode.SDK);
      assertThat(app.decision().offered()).isEmpty();
      assertThat(app.decision().fallback()).contains(Mode.SDK);
      assertThat(app.decision().reason()).contains("127.0.0.1:" + port).contains("unreachable").contains("SDK");
      assertThat(app.connected()).isFalse();

      long start = System.nanoTime();
      CapaException e = failure(app.actors().invoke(new ActorInvocation(new ActorId("Counter", "x"), "get", null)));
      assertThat(e.errorCode()).isEqualTo(ErrorCode.RUNTIME_UNAVAILABLE);
      assertThat(e.getMessage()).contains("127.0.0.1:" + port);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void build_unreachableSidecarOnly_disconnectedThenServesOnceRuntimeStarts(@TempDir Path data) throws Exception {
    int port = RealRuntime.freePort();
    try (CapaClient app = client("late-app", port).build()) {
      assertThat(app.mode()).isEqualTo(Mode.SIDECAR);
      assertThat(app.connected()).isFalse();
      assertThat(app.decision().reason()).contains("unreachable").contains(ErrorCode.RUNTIME_UNAVAILABLE.code());
      assertThat(failure(app.invocation().invoke(InvokeRequest.of("late-app", "m", null, null))).errorCode())
          .isEqualTo(ErrorCode.RUNTIME_UNAVAILABLE);
      // Registered while disconnected: taken to the runtime once it is there.
      Registration reg = app.hostActors("LateCounter", new Counter(), HostOptions.defaults());
      assertThat(reg.active()).isFalse();

      try (RealRuntime runtime = RealRuntime.start(data, port, Map.of())) {
        assertThat(app.awaitConnected(WAIT)).isTrue();
        assertThat(reg.active()).isTrue();
        assertThat(add(app, new ActorId("LateCounter", "a"), 3)).isEqualTo(3);
        assertThat(app.mode()).as("the mode decided at start stays").isEqualTo(Mode.SIDECAR);
      }
    }
  }

  @Test
  void build_proxylessRuntime_preferSdkGetsSdkAndActorsStillGoThroughRuntime(@TempDir Path data) throws Exception {
    try (RealRuntime runtime = RealRuntime.start(data, 0, Map.of("capa.mode", "proxyless"));
        CapaClient app = client("proxyless-app", runtime.port()).prefer(Mode.SDK).build();
        CapaClient sidecarApp = client("sidecar-app", runtime.port()).build()) {
      assertThat(app.mode()).isEqualTo(Mode.SDK);
      assertThat(app.decision().offered()).containsExactly(Mode.SDK, Mode.SIDECAR);
      assertThat(app.decision().reason()).contains("proxyless");
      assertThat(sidecarApp.mode()).as("proxyless runtimes offer both").isEqualTo(Mode.SIDECAR);

      try (Registration reg = app.hostActors("ProxylessCounter", new Counter(), HostOptions.defaults())) {
        assertThat(add(sidecarApp, new ActorId("ProxylessCounter", "p"), 4)).isEqualTo(4);
        assertThat(add(app, new ActorId("ProxylessCounter", "p"), 1)).isEqualTo(5);
      }
      // No in-process state component in this version: the building block says so instead of pretending.
      CapaException notYet = failure(app.state().get("store", "k"));
      assertThat(notYet.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED);
      assertThat(notYet.getMessage()).contains("state building block").contains("SDK mode");
      assertThat(app.state()).as("one instance per accessor").isSameAs(app.state());
    }
  }

  @Test
  void build_sidecarRuntimeButSdkOnly_failsNamingWhatWasOffered(@TempDir Path data) throws Exception {
    try (RealRuntime runtime = RealRuntime.start(data, 0, Map.of())) {
      Throwable t = catchThrowable(() -> client("sdk-only", runtime.port()).prefer(Mode.SDK).build());

      assertThat(t).isInstanceOf(CapaException.class);
      assertThat(((CapaException) t).errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED);
      assertThat(t.getMessage()).contains("[SIDECAR]").contains("SDK only");
      // The runtime goes on serving others, and an SDK preference with a SIDECAR fallback is fine.
      try (CapaClient ok = client("sdk-or-sidecar", runtime.port()).prefer(Mode.SDK).fallback(Mode.SIDECAR).build()) {
        assertThat(ok.mode()).isEqualTo(Mode.SIDECAR);
        assertThat(ok.decision().reason()).contains("falling back");
      }
    }
  }

  @Test
  void build_runtimeRequiresToken_withoutOrWrongTokenFailsClearly(@TempDir Path data) throws Exception {
    try (RealRuntime runtime = RealRuntime.start(data, 0, Map.of("capa.http.api-token", "s3cret"))) {
      Throwable none = catchThrowable(() -> client("no-token", runtime.port()).build());
      assertThat(none).isInstanceOf(CapaException.class).hasMessageContaining("requires an API token");
      assertThat(((CapaException) none).errorCode()).isEqualTo(ErrorCode.UNAUTHORIZED);

      Throwable wrong = catchThrowable(() -> client("bad-token", runtime.port()).apiToken("guess").build());
      assertThat(wrong).isInstanceOf(CapaException.class).hasMessageContaining("rejected the API token");
      assertThat(((CapaException) wrong).errorCode()).isEqualTo(ErrorCode.UNAUTHORIZED);

      try (CapaClient app = client("good-token", runtime.port()).apiToken("s3cret").build();
          Registration reg = app.hostActors("SecureCounter", new Counter(), HostOptions.defaults())) {
        assertThat(app.connected()).isTrue();
        assertThat(add(app, new ActorId("SecureCounter", "s"), 2)).isEqualTo(2);
      }
    }
  }

  @Test
  void invocation_betweenTwoClients_reachesTheOtherAppById() throws Exception {
    try (RealRuntime runtime = RealRuntime.start();
        CapaClient orders = client("orders", runtime.port()).build();
        CapaClient web = client("web", runtime.port()).build()) {
      try (Registration reg = orders.registerApp(req -> CompletableFuture.completedFuture(new InvokeResponse(201,
          ("made " + req.method() + " " + new String(req.data(), UTF_8)).getBytes(UTF_8), "text/plain",
          Map.of("app", "orders"))))) {
        InvokeResponse r = await(web.invocation().invoke(InvokeRequest.of("orders", "order", "tea".getBytes(UTF_8),
            "text/plain")));

        assertThat(r.status()).isEqualTo(201);
        assertThat(new String(r.data(), UTF_8)).isEqualTo("made order tea");
        assertThat(r.contentType()).isEqualTo("text/plain");
        assertThat(r.metadata()).containsEntry("app", "orders");
      }
      CapaException gone = failure(web.invocation().invoke(InvokeRequest.of("orders", "order", null, null)));
      assertThat(gone.errorCode()).isEqualTo(ErrorCode.APP_NOT_FOUND);
    }
  }

  @Test
  void hostedActor_reminder_firesAsTurnAndSavesState() throws Exception {
    try (RealRuntime runtime = RealRuntime.start();
        CapaClient app = client("reminder-app", runtime.port()).build();
        Registration reg = app.hostActors("Reminded", new Counter(), HostOptions.defaults())) {
      ActorId id = new ActorId("Reminded", "r1");
      assertThat(add(app, id, 1)).isEqualTo(1);

      await(app.actors().invoke(new ActorInvocation(id, "remind", null)));

      long deadline = System.nanoTime() + WAIT.toNanos();
      Optional<byte[]> total = Optional.empty();
      while (System.nanoTime() < deadline) {
        total = await(app.actors().getState(id, "total"));
        if (total.map(SdkEndToEndTest::number).orElse(0L) == 101) {
          break;
        }
        Thread.sleep(50);
      }
      assertThat(total.map(SdkEndToEndTest::number)).contains(101L);
      // The reminder unregistered itself inside its turn.
      assertThat(await(app.actors().getReminder(id, "bump"))).isEmpty();
    }
  }

  @Test
  void hostedActor_methodThrows_callerGetsMethodFailedAndTurnWritesAreDropped() throws Exception {
    try (RealRuntime runtime = RealRuntime.start();
        CapaClient app = client("failing-app", runtime.port()).build();
        Registration reg = app.hostActors("Failing", new Counter(), HostOptions.defaults())) {
      ActorId id = new ActorId("Failing", "f");
      assertThat(add(app, id, 5)).isEqualTo(5);

      CapaException e = failure(app.actors().invoke(new ActorInvocation(id, "fail", "no".getBytes(UTF_8))));

      assertThat(e.errorCode()).isEqualTo(ErrorCode.ACTOR_METHOD_FAILED);
      assertThat(e.getMessage()).contains("IllegalStateException").contains("refused no");
      // The failed turn's write was not saved, and the actor goes on serving.
      assertThat(add(app, id, 1)).isEqualTo(6);
      CapaException unknown = failure(app.actors().invoke(new ActorInvocation(id, "nope", null)));
      assertThat(unknown.errorCode()).isEqualTo(ErrorCode.ACTOR_METHOD_NOT_FOUND);
    }
  }

  @Test
  void hostedActor_slowMethod_doesNotStallOtherActorsOfTheConnection() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HostedActor slow = (turn, method, payload) -> {
      if (method.equals("block")) {
        try {
          // Blocks a handler thread on purpose: the connection must go on serving the others.
          release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return CompletableFuture.completedFuture(method.getBytes(UTF_8));
    };
    try (RealRuntime runtime = RealRuntime.start();
        CapaClient app = client("slow-app", runtime.port()).build();
        Registration reg = app.hostActors("Slow", slow, HostOptions.defaults())) {
      CompletionStage<byte[]> blocked = app.actors().invoke(new ActorInvocation(new ActorId("Slow", "a"), "block", null));

      byte[] other = await(app.actors().invoke(new ActorInvocation(new ActorId("Slow", "b"), "quick", null)));

      assertThat(new String(other, UTF_8)).isEqualTo("quick");
      assertThat(blocked.toCompletableFuture()).isNotDone();
      release.countDown();
      assertThat(new String(await(blocked), UTF_8)).isEqualTo("block");
    }
  }

  @Test
  void hostActors_typeHostedByAnotherClient_failsNamingTheConflict() throws Exception {
    try (RealRuntime runtime = RealRuntime.start();
        CapaClient first = client("first", runtime.port()).build();
        CapaClient second = client("second", runtime.port()).build();
        Registration reg = first.hostActors("Single", new Counter(), HostOptions.defaults())) {
      Throwable t = catchThrowable(() -> second.hostActors("Single", new Counter(), HostOptions.defaults()));

      assertThat(t).isInstanceOf(CapaException.class).hasMessageContaining("already hosted");
      assertThat(add(second, new ActorId("Single", "x"), 2)).as("the first host goes on serving").isEqualTo(2);
      reg.close();
      // Closing waits for the runtime, so the type is free right away.
      try (Registration taken = second.hostActors("Single", new Counter(), HostOptions.defaults())) {
        assertThat(taken.active()).isTrue();
        assertThat(add(first, new ActorId("Single", "x"), 1)).isEqualTo(3);
      }
    }
  }

  @Test
  void runtimeGoesAwayAndComesBack_callsFailUnavailableThenWorkWithHostedState(@TempDir Path data)
      throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    Counter counter = new Counter();
    HostedActor actor = new HostedActor() {
      @Override
      public CompletionStage<byte[]> invoke(ActorTurn turn, String method, byte[] payload) {
        if (method.equals("hang")) {
          entered.countDown();
          return new CompletableFuture<>();
        }
        return counter.invoke(turn, method, payload);
      }
    };
    RealRuntime runtime = RealRuntime.start(data, 0, Map.of());
    int port = runtime.port();
    try (CapaClient app = client("restart-app", port).build()) {
      Registration reg = app.hostActors("Durable", actor, HostOptions.defaults());
      ActorId id = new ActorId("Durable", "d");
      assertThat(add(app, id, 5)).isEqualTo(5);
      CompletionStage<byte[]> inFlight = app.actors().invoke(new ActorInvocation(new ActorId("Durable", "h"), "hang",
          null));
      assertThat(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

      runtime.close();

      assertThat(failure(inFlight).errorCode()).isEqualTo(ErrorCode.RUNTIME_UNAVAILABLE);
      CapaException down = failure(app.actors().invoke(new ActorInvocation(id, "get", null)));
      assertThat(down.errorCode()).isEqualTo(ErrorCode.RUNTIME_UNAVAILABLE);
      assertThat(app.connected()).isFalse();
      assertThat(reg.active()).isFalse();

      runtime = RealRuntime.start(data, port, Map.of());
      assertThat(app.awaitConnected(WAIT)).isTrue();
      assertThat(reg.active()).isTrue();
      // Same actor, state saved before the restart, served by the re-registered host.
      assertThat(add(app, id, 1)).isEqualTo(6);
    } finally {
      runtime.close();
    }
  }

  @Test
  void close_thenCalls_failUnavailableWithoutHanging() throws Exception {
    try (RealRuntime runtime = RealRuntime.start()) {
      CapaClient app = client("closing-app", runtime.port()).build();
      app.close();

      CapaException e = failure(app.actors().invoke(new ActorInvocation(new ActorId("Any", "1"), "m", null)));
      assertThat(e.errorCode()).isEqualTo(ErrorCode.RUNTIME_UNAVAILABLE);
      assertThat(e.getMessage()).contains("closed");
      assertThat(app.connected()).isFalse();
    }
  }

  @Test
  void build_tlsRuntime_connectsOverTlsAndVerifiesTheRuntime(@TempDir Path dir) throws Exception {
    Path keyStore = dir.resolve("runtime.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "runtime", "-keyalg", "EC", "-dname", "CN=localhost",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
        "-storepass", "changeit", "-keypass", "changeit", "-keystore", keyStore.toString())
        .redirectErrorStream(true).start();
    assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes(), UTF_8)).isZero();
    java.security.KeyStore server = java.security.KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keyStore)) {
      server.load(in, "changeit".toCharArray());
    }
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("runtime", server.getCertificate("runtime"));
    javax.net.ssl.TrustManagerFactory tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);

    try (RealRuntime runtime = RealRuntime.start(dir.resolve("data"), 0, Map.of(
            "capa.rpc.tls.enabled", true, "capa.rpc.tls.key-store", keyStore.toString(),
            "capa.rpc.tls.key-store-password", "changeit"));
        CapaClient app = client("tls-app", runtime.port()).tls(tls).build();
        Registration reg = app.hostActors("TlsCounter", new Counter(), HostOptions.defaults())) {
      assertThat(app.connected()).isTrue();
      assertThat(add(app, new ActorId("TlsCounter", "t"), 9)).isEqualTo(9);

      // Without TLS the handshake never completes: the runtime counts as unreachable, nothing hangs.
      try (CapaClient plain = client("plain-app", runtime.port()).connectTimeout(Duration.ofSeconds(1))
          .fallback(Mode.SDK).build()) {
        assertThat(plain.connected()).isFalse();
        assertThat(plain.mode()).isEqualTo(Mode.SDK);
      }
    }
  }
}
