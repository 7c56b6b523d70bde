package io.capa.examples.greeter;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.capa.api.CapaException;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ActorInvocation;
import io.capa.sdk.api.CapaClient;
import io.capa.sdk.api.HostOptions;
import io.capa.sdk.api.Mode;
import io.capa.sdk.api.Registration;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * An application in a JVM of its own that uses the runtime next to it through the Java SDK: it
 * connects as app {@value #APP_ID}, hosts the {@link Greeter} actor type, and walks through calling
 * it through the runtime (greetings saved as state, a reminder that fires and updates the state,
 * everything read back), printing each step. With {@code --serve} it then keeps hosting the type, so
 * that anyone can call it through the runtime's HTTP API until the application is stopped.
 *
 * <p>Exit status: 0 when every step was observed (or after {@code --help}, or a graceful stop with
 * {@code --serve}), 1 when the runtime is unreachable or a step failed (the reason on stderr), 2 on
 * a usage error.
 */
public final class GreeterApp {
  public static final String APP_ID = "greeter-app";
  public static final String ENV_HOST = "CAPA_RUNTIME_HOST";
  public static final String ENV_PORT = "CAPA_GRPC_PORT";
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  static final String USAGE = String.join("\n",
      "usage: capa example greeter [--serve] [--runtime HOST:PORT] [--actor ID]",
      "",
      "  Connects to a running runtime (./capa run) as app '" + APP_ID + "', hosts the actor type "
          + Greeter.TYPE + ",",
      "  greets, saves state, sets a reminder, waits for it to fire and reads the state back.",
      "",
      "  --serve              keep hosting " + Greeter.TYPE + " afterwards, until Ctrl-C or SIGTERM",
      "  --runtime HOST:PORT  the runtime's RPC endpoint (sidecar.grpcPort); by default "
          + ENV_HOST + " and " + ENV_PORT + ",",
      "                       otherwise capa.sdk.runtime-host and runtime-port (127.0.0.1:50001)",
      "  --actor ID           the actor to greet (default: capa.examples.greeter.actor-id)",
      "  --help               show this text");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> NAMES = List.of("Bob", "Carol");
  /** How long a stop signal waits for the application to leave the runtime cleanly. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(15);

  private final GreeterSettings settings;
  private final PrintStream out;
  private final CapaClient client;
  private final ActorId actor;

  private GreeterApp(GreeterSettings settings, PrintStream out, CapaClient client) {
    this.settings = settings;
    this.out = out;
    this.client = client;
    this.actor = new ActorId(Greeter.TYPE, settings.actorId());
  }

  public static void main(String[] args) {
    Stopper stopper = new Stopper();
    int code = run(args, System::getenv, System.out, System.err, stopper);
    System.out.flush();
    System.err.flush();
    if (stopper.signalled()) {
      // A stop signal started the JVM's shutdown, which waits in the hook until now.
      stopper.released(code);
      return;
    }
    System.exit(code);
  }

  /** The command line as given, resolved against the environment and the configuration. */
  record Options(boolean help, boolean serve, String host, int port, GreeterSettings settings) {
    String endpoint() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    static Options parse(String[] args, Function<String, String> env, Config config) throws UsageException {
      boolean serve = false;
      Optional<String> runtime = Optional.empty();
      Optional<String> actorId = Optional.empty();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--help", "-h", "help" -> {
            return new Options(true, false, "", 1, null);
          }
          case "--serve" -> serve = true;
          case "--runtime" -> runtime = Optional.of(value(args, ++i, arg));
          case "--actor" -> actorId = Optional.of(value(args, ++i, arg));
          default -> throw new UsageException("unknown argument: " + arg);
        }
      }
      GreeterSettings settings;
      try {
        settings = GreeterSettings.from(config);
        if (actorId.isPresent()) {
          settings = settings.withActorId(actorId.get());
        }
        new ActorId(Greeter.TYPE, settings.actorId());
      } catch (IllegalArgumentException | ConfigException e) {
        throw new UsageException(e.getMessage());
      }
      String host;
      int port;
      if (runtime.isPresent()) {
        String r = runtime.get();
        int colon = r.lastIndexOf(':');
        if (colon <= 0) {
          throw new UsageException("--runtime takes HOST:PORT, not '" + r + "'");
        }
        host = r.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
          host = host.substring(1, host.length() - 1);
        }
        port = port(r.substring(colon + 1), "--runtime " + r);
      } else {
        host = nonBlank(env.apply(ENV_HOST)).orElse(config.getString("capa.sdk.runtime-host"));
        port = nonBlank(env.apply(ENV_PORT)).isPresent()
            ? port(env.apply(ENV_PORT).strip(), ENV_PORT)
            : config.getInt("capa.sdk.runtime-port");
      }
      if (host.isBlank()) {
        throw new UsageException("the runtime host must not be empty");
      }
      return new Options(false, serve, host, port, settings);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
      if (i >= args.length || args[i].isBlank() || args[i].startsWith("--")) {
        throw new UsageException(option + " needs a value");
      }
      return args[i];
    }

    private static int port(String text, String source) throws UsageException {
      try {
        int p = Integer.parseInt(text);
        if (p >= 1 && p <= 65_535) {
          return p;
        }
      } catch (NumberFormatException e) {
        // reported below, with the source
      }
      throw new UsageException(source + ": the port must be a number within 1-65535, not '" + text + "'");
    }

    private static Optional<String> nonBlank(String s) {
      return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
  }

  /** A wrong command line or setting: exit status 2 with the usage. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** A step of the walkthrough that failed or was not observed; the message says which and why. */
  static final class StepFailed extends Exception {
    private static final long serialVersionUID = 1L;

    StepFailed(String message) {
      super(message);
    }
  }

  static int run(String[] args, Function<String, String> env, PrintStream out, PrintStream err, Stopper stopper) {
    Options options;
    try {
      options = Options.parse(args, env, ConfigFactory.load(GreeterApp.class.getClassLoader()));
    } catch (UsageException e) {
      err.println("greeter: " + e.getMessage());
      err.println(USAGE);
      return EXIT_USAGE;
    }
    if (options.help()) {
      out.println(USAGE);
      return EXIT_OK;
    }
    GreeterSettings settings = options.settings();
    out.println("connecting to the Capa runtime at " + options.endpoint() + " as app '" + APP_ID + "'");
    CapaClient client;
    try {
      client = CapaClient.builder()
          .appId(APP_ID)
          .runtime(options.host(), options.port())
          .prefer(Mode.SIDECAR)
          .connectTimeout(settings.connectTimeout())
          .callTimeout(settings.callTimeout())
          .build();
    } catch (CapaException e) {
      // Reachable but refused: a wrong or missing API token, or a mode this application does not take.
      err.println("greeter: the runtime at " + options.endpoint() + " refused the connection: " + e);
      return EXIT_FAILED;
    }
    try {
      if (!client.decision().negotiated()) {
        err.println("greeter: no Capa runtime answered at " + options.endpoint() + ": " + client.decision().reason());
        err.println("greeter: start one with ./capa run, or point --runtime HOST:PORT or " + ENV_PORT
            + " at a runtime's sidecar.grpcPort");
        return EXIT_FAILED;
      }
      out.println("mode: " + client.mode() + " (" + client.decision().reason() + ")");
      return new GreeterApp(settings, out, client).walkthroughAndServe(options.serve(), err, stopper);
    } finally {
      client.close();
    }
  }

  private int walkthroughAndServe(boolean serve, PrintStream err, Stopper stopper) {
    Registration registration;
    try {
      registration = client.hostActors(
          Greeter.TYPE, new Greeter(settings.maxNameLength(), settings.reminderDueTime()), HostOptions.defaults());
    } catch (CapaException e) {
      err.println("greeter: the runtime did not accept actor type " + Greeter.TYPE + " from this application: " + e);
      return EXIT_FAILED;
    }
    try {
      out.println("hosting actor type " + Greeter.TYPE + " (registration active: " + registration.active() + ")");
      walkthrough();
      if (!serve) {
        return EXIT_OK;
      }
      out.println("serving " + Greeter.TYPE + " until Ctrl-C; try: curl -X POST localhost:3500/v1.0/actors/"
          + actor.type() + "/" + actor.id() + "/method/greet -d '\"Bob\"'");
      out.flush();
      stopper.awaitSignal();
      out.println("stopping: " + Greeter.TYPE + " leaves the runtime");
      return EXIT_OK;
    } catch (StepFailed e) {
      err.println("greeter: " + e.getMessage());
      return EXIT_FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("greeter: interrupted");
      return EXIT_FAILED;
    } finally {
      registration.close();
    }
  }

  private void walkthrough() throws StepFailed, InterruptedException {
    long greetingsBefore = readCount(Greeter.GREETINGS);
    long firedBefore = readCount(Greeter.REMINDERS_FIRED);
    out.printf("state of %s before: %s=%d %s=%d%n",
        actor, Greeter.GREETINGS, greetingsBefore, Greeter.REMINDERS_FIRED, firedBefore);

    long expected = greetingsBefore;
    for (String name : NAMES) {
      JsonNode result = invoke("greet", name);
      expected++;
      long count = field(result, Greeter.GREETINGS, "greet").asLong();
      out.printf("greet %s(\"%s\") -> \"%s\" (greeting %d)%n",
          actor, name, field(result, "greeting", "greet").asText(), count);
      if (count != expected) {
        throw new StepFailed("greet answered greeting " + count + ", expected " + expected
            + " (does another caller greet " + actor + " at the same time?)");
      }
    }

    long saved = readCount(Greeter.GREETINGS);
    String lastName = readString(Greeter.LAST_NAME);
    out.printf("read back: %s=%d %s=\"%s\"%n", Greeter.GREETINGS, saved, Greeter.LAST_NAME, lastName);
    String last = NAMES.get(NAMES.size() - 1);
    if (saved != expected || !last.equals(lastName)) {
      throw new StepFailed("the saved state is " + Greeter.GREETINGS + "=" + saved + " " + Greeter.LAST_NAME + "="
          + lastName + ", expected " + expected + " and " + last);
    }

    JsonNode reminded = invoke("remind", settings.reminderDueTime());
    out.printf("remind %s(\"%s\") -> reminder '%s' registered%n",
        actor, settings.reminderDueTime(), field(reminded, "reminder", "remind").asText());
    long start = System.nanoTime();
    long deadline = start + settings.reminderWait().toNanos();
    long fired = firedBefore;
    while (fired <= firedBefore) {
      if (System.nanoTime() > deadline) {
        throw new StepFailed("the reminder '" + Greeter.REMINDER + "' did not fire within "
            + settings.reminderWait().toMillis() + " ms (" + Greeter.REMINDERS_FIRED + " is still " + fired + ")");
      }
      Thread.sleep(settings.pollInterval().toMillis());
      fired = readCount(Greeter.REMINDERS_FIRED);
    }
    out.printf("reminder fired after %.1f s: %s=%d%n",
        (System.nanoTime() - start) / 1e9, Greeter.REMINDERS_FIRED, fired);

    JsonNode stats = invoke("stats", null);
    out.println("stats " + actor + " -> " + stats);
    out.println("done: every step observed");
  }

  /** Calls a method of the actor through the runtime, with a JSON string argument (or none). */
  private JsonNode invoke(String method, String argument) throws StepFailed {
    byte[] payload;
    try {
      payload = argument == null ? new byte[0] : JSON.writeValueAsBytes(argument);
    } catch (IOException e) {
      throw new StepFailed("could not encode the argument of " + method + ": " + e.getMessage());
    }
    byte[] result = await(method, client.actors().invoke(new ActorInvocation(actor, method, payload)));
    return parse(result, method);
  }

  private long readCount(String key) throws StepFailed {
    Optional<byte[]> value = await("read " + key, client.actors().getState(actor, key));
    if (value.isEmpty()) {
      return 0;
    }
    JsonNode node = parse(value.get(), "read " + key);
    if (!node.isIntegralNumber()) {
      throw new StepFailed("state key '" + key + "' of " + actor + " holds " + node + ", not a whole number");
    }
    return node.asLong();
  }

  private String readString(String key) throws StepFailed {
    Optional<byte[]> value = await("read " + key, client.actors().getState(actor, key));
    if (value.isEmpty()) {
      throw new StepFailed("state key '" + key + "' of " + actor + " was not saved");
    }
    JsonNode node = parse(value.get(), "read " + key);
    if (!node.isTextual()) {
      throw new StepFailed("state key '" + key + "' of " + actor + " holds " + node + ", not a string");
    }
    return node.asText();
  }

  private <T> T await(String step, CompletionStage<T> stage) throws StepFailed {
    try {
      return stage.toCompletableFuture().get(settings.stepTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new StepFailed(step + " " + actor + " failed: " + (cause instanceof CapaException c ? c : cause));
    } catch (TimeoutException e) {
      throw new StepFailed(step + " " + actor + " got no answer within " + settings.stepTimeout().toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailed(step + " " + actor + " was interrupted");
    }
  }

  private JsonNode parse(byte[] bytes, String step) throws StepFailed {
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new StepFailed(step + " " + actor + " answered nothing");
      }
      return node;
    } catch (IOException e) {
      throw new StepFailed(step + " " + actor + " answered something other than JSON: "
          + new String(bytes, UTF_8));
    }
  }

  private JsonNode field(JsonNode result, String name, String step) throws StepFailed {
    JsonNode v = result.get(name);
    if (v == null || v.isNull()) {
      throw new StepFailed(step + " " + actor + " answered " + result + " without '" + name + "'");
    }
    return v;
  }

  /**
   * Turns SIGTERM/SIGINT into a return from {@link #awaitSignal}, so that the application leaves the
   * runtime (its registration and connection closed) before the JVM ends, and ends with the
   * application's status rather than the signal's.
   */
  static final class Stopper {
    private final CountDownLatch signal = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile int code = EXIT_OK;

    void awaitSignal() throws InterruptedException {
      Runtime.getRuntime().addShutdownHook(new Thread(this::onSignal, "greeter-stop"));
      signal.await();
    }

    boolean signalled() {
      return signal.getCount() == 0;
    }

    void released(int status) {
      code = status;
      released.countDown();
    }

    private void onSignal() {
      signal.countDown();
      boolean clean = false;
      try {
        clean = released.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(clean ? code : EXIT_FAILED);
    }
  }
}
