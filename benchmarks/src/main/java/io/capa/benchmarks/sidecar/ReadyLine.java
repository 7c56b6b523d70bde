package io.capa.benchmarks.sidecar;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * INTERNAL API: what the benchmarks read from the node's {@code capa ready: ...} line: where the RPC
 * endpoint listens and how long the node itself says it took to start (JVM start to serving).
 */
public record ReadyLine(String rpcHost, int rpcPort, int httpPort, long startupMillis) {
  public static final String PREFIX = "capa ready: ";
  private static final Pattern HTTP = Pattern.compile("\\bhttp=(\\S+):(\\d+)");
  private static final Pattern RPC = Pattern.compile("\\brpc=(\\S+):(\\d+)");
  private static final Pattern STARTUP = Pattern.compile(" in (\\d+) ms\\s*$");

  public ReadyLine {
    if (rpcHost == null || rpcHost.isBlank()) {
      throw new IllegalArgumentException("rpc host is empty");
    }
    requirePort("rpc", rpcPort);
    requirePort("http", httpPort);
    if (startupMillis < 0) {
      throw new IllegalArgumentException("startup time must be >= 0 ms, got " + startupMillis);
    }
  }

  private static void requirePort(String what, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " port must be 1..65535, got " + port);
    }
  }

  /** Parses the line; the exception names the part that is missing or wrong. */
  public static ReadyLine parse(String line) {
    if (line == null || !line.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a ready line (expected it to start with '" + PREFIX + "'): " + line);
    }
    Matcher rpc = find(RPC, line, "rpc=HOST:PORT");
    Matcher http = find(HTTP, line, "http=HOST:PORT");
    Matcher startup = find(STARTUP, line, "'in N ms' at the end");
    return new ReadyLine(
        rpc.group(1), port(rpc.group(2), "rpc", line), port(http.group(2), "http", line), Long.parseLong(startup.group(1)));
  }

  private static Matcher find(Pattern p, String line, String what) {
    Matcher m = p.matcher(line);
    if (!m.find()) {
      throw new IllegalArgumentException("ready line has no " + what + ": " + line);
    }
    return m;
  }

  private static int port(String digits, String what, String line) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " port is not a number in: " + line, e);
    }
  }
}
