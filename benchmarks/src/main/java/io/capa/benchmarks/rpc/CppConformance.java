package io.capa.benchmarks.rpc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The C++ reference peer ({@code capnp-conformance}, built on libcapnp by
 * {@code capnp-rpc-streams/cpp/build.sh}) as a server process and as a benchmark client process.
 * The binary is {@code capnp-rpc-streams/target/cpp/capnp-conformance} relative to the working
 * directory, or the path in the system property {@code capnp.conformance}.
 */
final class CppConformance implements AutoCloseable {
  private final Process process;
  private final InetSocketAddress address;

  private CppConformance(Process process, InetSocketAddress address) {
    this.process = process;
    this.address = address;
  }

  static Path binary() {
    Path p = Path.of(System.getProperty("capnp.conformance", "capnp-rpc-streams/target/cpp/capnp-conformance"));
    if (!Files.isExecutable(p)) {
      throw new IllegalStateException(p.toAbsolutePath() + " is missing: build it with capnp-rpc-streams/cpp/build.sh"
          + " (or point -Dcapnp.conformance at it)");
    }
    return p;
  }

  /** {@code capnp-conformance server --port 0}, once it has printed the address it listens on. */
  static CppConformance startServer() {
    try {
      Process p = new ProcessBuilder(binary().toString(), "server", "--port", "0")
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      if (line == null || !line.startsWith("listening ")) {
        p.destroyForcibly();
        throw new IllegalStateException("capnp-conformance server printed '" + line + "' instead of 'listening HOST:PORT'");
      }
      String hostPort = line.substring("listening ".length()).trim();
      int colon = hostPort.lastIndexOf(':');
      return new CppConformance(p,
          new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
    } catch (IOException e) {
      throw new UncheckedIOException("capnp-conformance server did not start", e);
    }
  }

  InetSocketAddress address() {
    return address;
  }

  /** {@code HOST:PORT} as the C++ peer's {@code --connect} takes it. */
  static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  /**
   * Runs one bench subcommand ({@code bench-echo}, {@code bench-stream}, {@code bench-chain}) to
   * its end and returns the {@code key=value} fields of the result line it printed.
   *
   * @throws IllegalStateException when it exits with another status than 0 (its standard error
   *     is in the message) or prints no result line
   */
  static Map<String, String> bench(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary().toString());
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).start();
      // Both outputs are small (one line, or a reason); reading them in turn cannot fill a pipe.
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + " still running after 5 minutes");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " exited with " + p.exitValue() + ": " + err.trim());
      }
      String[] lines = out.trim().split("\n");
      return parseResult(args[0], lines[lines.length - 1]);
    } catch (IOException e) {
      throw new UncheckedIOException(String.join(" ", cmd), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The fields of {@code name k=v k=v ...}; anything else is an error. */
  static Map<String, String> parseResult(String name, String line) {
    String[] words = line.trim().split("\\s+");
    if (words.length < 2 || !words[0].equals(name)) {
      throw new IllegalStateException("expected a '" + name + " key=value ...' line, got '" + line + "'");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 1; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq <= 0) {
        throw new IllegalStateException("'" + words[i] + "' is not key=value in '" + line + "'");
      }
      fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
    }
    return fields;
  }

  static double number(Map<String, String> fields, String key) {
    String v = fields.get(key);
    if (v == null) {
      throw new IllegalStateException("no " + key + " in " + fields);
    }
    return Double.parseDouble(v);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
