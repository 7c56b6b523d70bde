package io.capa.dist;

import com.typesafe.config.Config;
import io.capa.dist.internal.CommandLine;
import io.capa.dist.internal.CommandLine.UsageException;
import io.capa.dist.internal.Node;
import io.capa.runtime.api.ConfigException;
import io.capa.runtime.api.RuntimeConfig;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code capa} launcher: {@code capa run [--config FILE] [--components DIR]} starts a node and serves until SIGTERM
 * or SIGINT; {@code capa help} prints the usage.
 *
 * <p>Exit status: 0 after a graceful stop or help, 1 when the configuration or the start fails (the
 * message, never a stack trace, goes to stderr), 2 on a usage error.
 *
 * <p>Once the node serves, one line goes to stdout, for people and for scripts that wait on it:
 *
 * <pre>
 * capa ready: http=127.0.0.1:3500 rpc=127.0.0.1:50001 metrics=127.0.0.1:9090 actors=[Counter] persistence=h2 (./data) in 1234 ms
 * </pre>
 */
public final class Main {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    CommandLine cmd;
    try {
      cmd = CommandLine.parse(args);
    } catch (UsageException e) {
      System.err.println("capa: " + e.getMessage());
      System.err.println(CommandLine.USAGE);
      System.exit(EXIT_USAGE);
      return;
    }
    if (cmd.command() == CommandLine.Command.HELP) {
      System.out.println(CommandLine.USAGE);
      return;
    }
    int failed = run(cmd, System.out, System.err);
    if (failed != EXIT_OK) {
      System.exit(failed);
    }
    // The node's non-daemon threads keep the JVM alive; the shutdown hook ends it.
  }

  /** Starts the node, prints the ready line and installs the stop hook; returns non-zero on failure. */
  private static int run(CommandLine cmd, PrintStream out, PrintStream err) {
    Config config;
    try {
      config = RuntimeConfig.load(cmd.config());
      if (cmd.components().isPresent()) {
        config = com.typesafe.config.ConfigFactory.parseMap(
                java.util.Map.of("capa.components.path", cmd.components().get().toString()), "--components")
            .withFallback(config);
      }
      if (cmd.appPort().isPresent()) {
        config = com.typesafe.config.ConfigFactory.parseMap(
                java.util.Map.of("capa.app.port", cmd.appPort().get()), "--app-port")
            .withFallback(config);
      }
    } catch (ConfigException e) {
      err.println("capa: " + e.getMessage());
      return EXIT_FAILED;
    }
    Node node;
    try {
      // A shutdown request (POST /v1.0/shutdown, Runtime.shutdown) exits like SIGTERM: the JVM's
      // shutdown hook below stops the node in order.
      node = Node.start(config, () -> System.exit(EXIT_OK));
    } catch (RuntimeException e) {
      log.debug("start failed", e);
      err.println("capa: the node did not start: " + describe(e));
      return EXIT_FAILED;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node), "capa-shutdown"));
    Duration startup = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
    out.println(node.readyLine(startup));
    out.flush();
    return EXIT_OK;
  }

  /**
   * Runs in the JVM's shutdown hook (SIGTERM, SIGINT). Pekko's own hook is off (application.conf) so
   * that the order is ours: servers first, then actors. The JVM would report a signal as exit 143 or
   * 130; a stop that completed is a success, so the hook ends the process with 0 itself.
   */
  private static void stop(Node node) {
    int code = EXIT_OK;
    log.info("capa stopping");
    try {
      node.stop();
      log.info("capa stopped");
    } catch (RuntimeException e) {
      log.error("capa did not stop cleanly", e);
      code = EXIT_FAILED;
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(code);
  }

  /** The failure's own message and its causes', without a stack trace. */
  static String describe(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
      if (b.indexOf(m) < 0) {
        b.append(b.length() == 0 ? "" : ": ").append(m);
      }
    }
    return b.toString();
  }
}
