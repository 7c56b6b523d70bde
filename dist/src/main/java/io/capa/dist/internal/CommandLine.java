package io.capa.dist.internal;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * INTERNAL API: the parsed command line of the launcher. Only {@code run [--config FILE]} and help
 * exist; anything else is a {@link UsageException}, so a typo never starts a node with defaults.
 */
public record CommandLine(Command command, Optional<Path> config) {
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
          "  run [--config FILE]   start a runtime node (HTTP API, metrics, actors) until SIGTERM/SIGINT",
          "  help, --help          show this text",
          "",
          "run options:",
          "  --config FILE, --config=FILE   the YAML configuration (defaults apply without it)",
          "",
          "Any setting can also be given as a JVM property, e.g. JAVA_OPTS=-Dcapa.http.port=3600.");

  public CommandLine {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(config, "config");
    if (command == Command.HELP && config.isPresent()) {
      throw new IllegalArgumentException("help takes no --config");
    }
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
        return new CommandLine(Command.RUN, parseRunOptions(args));
      }
      default -> throw new UsageException("unknown command: " + args[0]);
    }
  }

  private static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h");
  }

  private static Optional<Path> parseRunOptions(String[] args) {
    Path config = null;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      String value;
      if (a.equals("--config")) {
        if (i + 1 >= args.length) {
          throw new UsageException("--config needs a file");
        }
        value = args[++i];
      } else if (a.startsWith("--config=")) {
        value = a.substring("--config=".length());
      } else {
        throw new UsageException("unknown option for run: " + a);
      }
      if (value.isEmpty()) {
        throw new UsageException("--config needs a file");
      }
      if (config != null) {
        throw new UsageException("--config given twice");
      }
      config = Path.of(value);
    }
    return Optional.ofNullable(config);
  }
}
