package io.capa.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.dist.HttpFixture.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The greeter example application ({@code io.capa.examples.greeter.GreeterApp}) in a JVM of its own
 * next to a runtime in another: what {@code ./capa run &} then {@code ./capa example greeter} does.
 */
class GreeterExampleTest {
  private static final Duration READY_LIMIT = Duration.ofSeconds(120);
  private static final Duration EXIT_LIMIT = Duration.ofSeconds(90);
  private static final Pattern HTTP_PORT = Pattern.compile("http=[^ ]*:(\\d+)");
  private static final Pattern RPC_PORT = Pattern.compile("rpc=[^ ]*:(\\d+)");
  private static final String APP = "io.capa.examples.greeter.GreeterApp";

  static Path dir;
  static NodeProcess runtime;
  static HttpFixture http;
  static int rpcPort;
  final List<AppProcess> apps = new ArrayList<>();

  @BeforeAll
  static void startRuntime() throws Exception {
    dir = Files.createTempDirectory("capa-greeter");
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, String.join("\n",
        "dataDir: " + dir.resolve("data"),
        "sidecar:",
        "  port: " + NodeProcess.freePort(),
        "  metricsPort: " + NodeProcess.freePort(),
        "  grpcPort: " + NodeProcess.freePort(),
        "cluster:",
        "  port: " + NodeProcess.freePort(),
        ""));
    runtime = NodeProcess.start(dir.resolve("runtime-stderr.txt"), "run", "--config", config.toString());
    String ready = runtime.awaitReady(READY_LIMIT);
    http = new HttpFixture(port(HTTP_PORT, ready), Duration.ofSeconds(30));
    rpcPort = port(RPC_PORT, ready);
  }

  @AfterAll
  static void stopRuntime() throws InterruptedException {
    if (runtime != null) {
      runtime.close();
    }
  }

  @AfterEach
  void killApps() throws InterruptedException {
    for (AppProcess app : apps) {
      app.close();
    }
  }

  @Test
  void main_runtimeRunning_greetsSavesStateSeesReminderFireAndExits0() throws Exception {
    String id = "walk-" + System.nanoTime();
    AppProcess first = app(Map.of("CAPA_GRPC_PORT", Integer.toString(rpcPort)), "--actor", id);

    assertThat(first.awaitExit(EXIT_LIMIT)).as(first.diagnosis()).isZero();
    List<String> out = first.stdout();
    assertThat(out).anySatisfy(l -> assertThat(l).startsWith("mode: SIDECAR (").contains("127.0.0.1:" + rpcPort));
    assertThat(out).contains(
        "state of Greeter/" + id + " before: greetings=0 remindersFired=0",
        "greet Greeter/" + id + "(\"Bob\") -> \"Hello, Bob!\" (greeting 1)",
        "greet Greeter/" + id + "(\"Carol\") -> \"Hello, Carol!\" (greeting 2)",
        "read back: greetings=2 lastName=\"Carol\"",
        "remind Greeter/" + id + "(\"1s\") -> reminder 'wave' registered",
        "stats Greeter/" + id + " -> {\"greetings\":2,\"lastName\":\"Carol\",\"remindersFired\":1}",
        "done: every step observed");
    assertThat(out).anySatisfy(l -> assertThat(l).matches("reminder fired after \\d+\\.\\d s: remindersFired=1"));
    // The runtime saved it, not just the application's memory: its HTTP API reads the same state.
    assertThat(http.get(statePath(id, "greetings")).body()).isEqualTo("2");
    assertThat(http.get(statePath(id, "lastName")).body()).isEqualTo("\"Carol\"");
    assertThat(http.get(statePath(id, "remindersFired")).body()).isEqualTo("1");

    // A second run hosts the type again after the first left, and continues from the saved state.
    AppProcess second = app(Map.of("CAPA_GRPC_PORT", Integer.toString(rpcPort)), "--actor", id);
    assertThat(second.awaitExit(EXIT_LIMIT)).as(second.diagnosis()).isZero();
    assertThat(second.stdout()).contains(
        "state of Greeter/" + id + " before: greetings=2 remindersFired=1",
        "greet Greeter/" + id + "(\"Carol\") -> \"Hello, Carol!\" (greeting 4)",
        "read back: greetings=4 lastName=\"Carol\"");
    assertThat(second.stdout()).anySatisfy(l -> assertThat(l).matches("reminder fired after .* remindersFired=2"));
  }

  @Test
  void main_serve_answersHttpCallsRejectsGarbageAndStopsCleanly() throws Exception {
    String id = "serve-" + System.nanoTime();
    AppProcess app = app(Map.of(), "--serve", "--runtime", "127.0.0.1:" + rpcPort, "--actor", id);
    app.awaitLine("serving Greeter", EXIT_LIMIT);

    Response greet = http.invoke("Greeter", id, "greet", "\"Bob\"");
    assertThat(greet.status()).as(greet.body()).isEqualTo(200);
    assertThat(greet.body()).isEqualTo("{\"greeting\":\"Hello, Bob!\",\"greetings\":3}");

    // Garbage: each refused with a code and a message naming what was wrong; nothing saved.
    Response notJson = http.invoke("Greeter", id, "greet", "{nope");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.errorCode()).isEqualTo("ERR_MALFORMED_JSON");
    assertThat(notJson.body()).contains("greet takes a name");
    Response number = http.invoke("Greeter", id, "greet", "42");
    assertThat(number.status()).isEqualTo(400);
    assertThat(number.errorCode()).isEqualTo("ERR_INVALID_REQUEST");
    assertThat(number.body()).contains("not a JSON number");
    Response longName = http.invoke("Greeter", id, "greet", "\"" + "x".repeat(101) + "\"");
    assertThat(longName.errorCode()).isEqualTo("ERR_INVALID_REQUEST");
    assertThat(longName.body()).contains("at most 100 characters");
    Response schedule = http.invoke("Greeter", id, "remind", "\"whenever\"");
    assertThat(schedule.status()).as(schedule.body()).isEqualTo(400);
    assertThat(schedule.errorCode()).isEqualTo("ERR_INVALID_SCHEDULE");
    Response method = http.invoke("Greeter", id, "shout", "\"Bob\"");
    assertThat(method.status()).isEqualTo(404);
    assertThat(method.errorCode()).isEqualTo("ERR_ACTOR_METHOD_NOT_FOUND");
    assertThat(method.body()).contains("'shout'");

    // Still serving, and every acknowledged greeting is there.
    Response after = http.invoke("Greeter", id, "greet", "\"Dave\"");
    assertThat(after.body()).isEqualTo("{\"greeting\":\"Hello, Dave!\",\"greetings\":4}");
    assertThat(http.invoke("Greeter", id, "stats", "").body())
        .isEqualTo("{\"greetings\":4,\"lastName\":\"Dave\",\"remindersFired\":1}");

    app.terminate();
    assertThat(app.awaitExit(EXIT_LIMIT)).as(app.diagnosis()).isZero();
    assertThat(app.stdout()).contains("stopping: Greeter leaves the runtime");
    // The type stays registered with its state; its calls wait for a host.
    Response noHost = http.invoke("Greeter", id, "greet", "\"Eve\"");
    assertThat(noHost.errorCode()).as(noHost.body()).isEqualTo("ERR_ACTOR_HOST_UNAVAILABLE");
    assertThat(http.get(statePath(id, "greetings")).body()).isEqualTo("4");
  }

  @Test
  void main_noRuntime_exits1NamingTheAddress() throws Exception {
    int port = NodeProcess.freePort();
    AppProcess app = app(Map.of("CAPA_GRPC_PORT", Integer.toString(port)));

    assertThat(app.awaitExit(EXIT_LIMIT)).as(app.diagnosis()).isEqualTo(1);
    assertThat(app.stderr())
        .contains("greeter: no Capa runtime answered at 127.0.0.1:" + port)
        .contains("./capa run")
        .doesNotContain("\tat ");
    assertThat(app.stdout()).noneMatch(l -> l.startsWith("mode:") || l.startsWith("greet"));
  }

  @Test
  void main_garbageArguments_exits2NamingWhatWasWrong() throws Exception {
    AppProcess badRuntime = app(Map.of(), "--runtime", "nowhere");
    AppProcess badEnv = app(Map.of("CAPA_GRPC_PORT", "lots"));
    AppProcess unknown = app(Map.of(), "--loud");
    AppProcess badActor = app(Map.of(), "--actor");

    assertThat(badRuntime.awaitExit(EXIT_LIMIT)).isEqualTo(2);
    assertThat(badRuntime.stderr()).contains("--runtime takes HOST:PORT, not 'nowhere'", "usage: capa example greeter");
    assertThat(badEnv.awaitExit(EXIT_LIMIT)).isEqualTo(2);
    assertThat(badEnv.stderr()).contains("CAPA_GRPC_PORT", "'lots'");
    assertThat(unknown.awaitExit(EXIT_LIMIT)).isEqualTo(2);
    assertThat(unknown.stderr()).contains("unknown argument: --loud");
    assertThat(badActor.awaitExit(EXIT_LIMIT)).isEqualTo(2);
    assertThat(badActor.stderr()).contains("--actor needs a value");
    // None of them touched the runtime, which keeps serving.
    assertThat(http.get("/v1.0/healthz").status()).isEqualTo(204);
  }

  private AppProcess app(Map<String, String> env, String... args) throws IOException {
    AppProcess p = AppProcess.start(dir.resolve("app-" + System.nanoTime() + "-stderr.txt"), env, args);
    apps.add(p);
    return p;
  }

  private static String statePath(String id, String key) {
    return "/v1.0/actors/Greeter/" + id + "/state/" + key;
  }

  private static int port(Pattern p, String readyLine) {
    Matcher m = p.matcher(readyLine);
    assertThat(m.find()).as(readyLine).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** The greeter application in a JVM of its own, on this test JVM's class path. */
  static final class AppProcess implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private AppProcess(Process process, Path stderr) {
      this.process = process;
      this.stderr = stderr;
      this.reader = new Thread(this::read, "app-stdout-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    static AppProcess start(Path stderrFile, Map<String, String> env, String... args) throws IOException {
      List<String> cmd = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx128m",
          "-XX:+UseSerialGC",
          "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4",
          // The launcher's logging (stderr), not this module's logback-test.xml (stdout).
          "-Dlogback.configurationFile=logback.xml",
          "-cp", System.getProperty("java.class.path"),
          APP));
      cmd.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderrFile.toFile());
      // Only what the test names: a CAPA_* variable of the machine must not steer the application.
      pb.environment().keySet().removeIf(k -> k.startsWith("CAPA_"));
      pb.environment().putAll(env);
      return new AppProcess(pb.start(), stderrFile);
    }

    private void read() {
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          stdout.add(line);
        }
      } catch (IOException e) {
        // The process ended.
      }
    }

    void awaitLine(String prefix, Duration limit) throws InterruptedException {
      long deadline = System.nanoTime() + limit.toNanos();
      while (stdout.stream().noneMatch(l -> l.startsWith(prefix))) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          throw new AssertionError("no line '" + prefix + "...': " + diagnosis());
        }
        Thread.sleep(50);
      }
    }

    int awaitExit(Duration limit) throws InterruptedException {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("still running after " + limit + ": " + diagnosis());
      }
      reader.join(10_000);
      return process.exitValue();
    }

    List<String> stdout() {
      return List.copyOf(stdout);
    }

    String stderr() throws IOException {
      return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
    }

    /** SIGTERM. Through the handle: Process.destroy also closes stdout, losing the lines written on the way out. */
    void terminate() {
      process.toHandle().destroy();
    }

    String diagnosis() {
      String err;
      try {
        err = stderr();
      } catch (IOException e) {
        err = e.toString();
      }
      return "stdout=" + stdout + " stderr:\n" + (err.length() > 4000 ? err.substring(err.length() - 4000) : err);
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
