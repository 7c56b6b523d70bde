package io.capa.dist.internal;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * INTERNAL API: the parsed command line of the launcher. Only {@code run [--config FILE]
 * [--components DIR] [--app-port N]} and help exist; anything else is a {@link UsageException}, so a typo never
 * starts a node with defaults.
 *
 * @param components the components folder given on the command line; it overrides the YAML's
 *     {@code components.path}
 * @param appPort the application's HTTP port (Dapr's {@code --app-port}); it overrides the YAML's
 *     {@code sidecar.appPort} / {@code app.port}
 */
public record CommandLine(Command command, Optional<Path> config, Optional<Path> components, Optional<Integer> appPort) {
  /** What the launcher was asked to do. */
  public enum Command {
    RUN,
    HELP
  }

  public static final String USAGE =
      String.join(
          "\n",
          "usage: capa <command> [options]",
          "",
          "commands:",
          "  run [--config FILE] [--components DIR] [--app-port N]",
          "                        start a runtime node (HTTP API, metrics, actors, components) until SIGTERM/SIGINT",
          "  help, --help          show this text",
          "",
          "run options:",
          "  --config FILE, --config=FILE   the YAML configuration (defaults apply without it)",
          "  --components DIR, --components=DIR",
          "                                 the components folder (default ./components when it exists;",
          "                                 a folder named here must exist)",
          "  --app-port N, --app-port=N     the application's HTTP port: pub/sub subscriptions, input",
          "                                 bindings and configuration pushes are delivered there",
          "",
          "Any setting can also be given as a JVM property, e.g. JAVA_OPTS=-Dcapa.http.port=3600.");

  public CommandLine {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(components, "components");
    Objects.requireNonNull(appPort, "appPort");
    if (command == Command.HELP && (config.isPresent() || components.isPresent() || appPort.isPresent())) {
      throw new IllegalArgumentException("help takes no options");
    }
  }

  public CommandLine(Command command, Optional<Path> config, Optional<Path> components) {
    this(command, config, components, Optional.empty());
  }

  public CommandLine(Command command, Optional<Path> config) {
    this(command, config, Optional.empty());
  }

  /** Thrown for an unknown command or option, or a missing value; the message says which. */
  public static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  public static CommandLine parse(String... args) {
    if (args.length == 0) {
      throw new UsageException("no command given");
    }
    switch (args[0]) {
      case "help", "--help", "-h" -> {
        if (args.length > 1) {
          throw new UsageException("help takes no arguments, got " + args[1]);
        }
        return new CommandLine(Command.HELP, Optional.empty());
      }
      case "run" -> {
        if (java.util.Arrays.asList(args).subList(1, args.length).stream().anyMatch(CommandLine::isHelp)) {
          return new CommandLine(Command.HELP, Optional.empty());
        }
        return parseRunOptions(args);
      }
      default -> throw new UsageException("unknown command: " + args[0]);
    }
  }

  private static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h");
  }

  private static CommandLine parseRunOptions(String[] args) {
    Path config = null;
    Path components = null;
    Integer appPort = null;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      String option = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (!option.equals("--config") && !option.equals("--components") && !option.equals("--app-port")) {
        throw new UsageException("unknown option for run: " + a);
      }
      String what = switch (option) {
        case "--config" -> "a file";
        case "--components" -> "a folder";
        default -> "a port";
      };
      String value;
      if (a.contains("=")) {
        value = a.substring(a.indexOf('=') + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new UsageException(option + " needs " + what);
      }
      if (value.isEmpty()) {
        throw new UsageException(option + " needs " + what);
      }
      if (option.equals("--config")) {
        if (config != null) {
          throw new UsageException("--config given twice");
        }
        config = Path.of(value);
      } else if (option.equals("--app-port")) {
        if (appPort != null) {
          throw new UsageException("--app-port given twice");
        }
        appPort = port(value);
      } else {
        if (components != null) {
          throw new UsageException("--components given twice");
        }
        components = Path.of(value);
      }
    }
    return new CommandLine(
        Command.RUN, Optional.ofNullable(config), Optional.ofNullable(components), Optional.ofNullable(appPort));
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // Reported below with the value.
    }
    throw new UsageException("--app-port needs a port between 1 and 65535, got '" + value + "'");
  }
}
