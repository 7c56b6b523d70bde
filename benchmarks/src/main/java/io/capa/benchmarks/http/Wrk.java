package io.capa.benchmarks.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives an HTTP server with {@code wrk} (the Debian package), POSTing to the actor method path of
 * {@code ids} different actors in turn, and reads requests/s and latency percentiles from its
 * {@code --latency} report.
 */
final class Wrk {
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern ERRORS = Pattern.compile("Socket errors:.*");

  private final Path script;
  private final int threads;
  private final int connections;

  Wrk(String actorType, String method, int ids, int threads, int connections) throws IOException {
    this.threads = threads;
    this.connections = connections;
    this.script = Files.createTempFile("capa-wrk-", ".lua");
    script.toFile().deleteOnExit();
    String lua =
        "local n = 0\n"
            + "request = function()\n"
            + "  n = n + 1\n"
            + "  return wrk.format(\"POST\", \"/v1.0/actors/" + actorType + "/c\" .. (n % " + ids + ") .. \"/method/" + method + "\", nil, \"\")\n"
            + "end\n";
    Files.writeString(script, lua, StandardCharsets.UTF_8);
  }

  record Result(double requestsPerSecond, double p50Millis, double p99Millis, long non2xx, String socketErrors, String raw) {}

  Result run(int port, Duration duration) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "wrk", "-t" + threads, "-c" + connections, "-d" + duration.toSeconds() + "s", "--latency",
                "-s", script.toString(), "http://127.0.0.1:" + port)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("wrk failed:\n" + out);
    }
    Matcher rps = RPS.matcher(out);
    if (!rps.find()) {
      throw new IOException("no Requests/sec in wrk output:\n" + out);
    }
    Matcher non2xx = NON_2XX.matcher(out);
    Matcher errors = ERRORS.matcher(out);
    return new Result(
        Double.parseDouble(rps.group(1)),
        percentile(out, "50%"),
        percentile(out, "99%"),
        non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
        errors.find() ? errors.group() : "",
        out);
  }

  /** A line of the latency distribution, e.g. {@code 99%    3.21ms}, in milliseconds. */
  private static double percentile(String out, String label) throws IOException {
    Matcher m = Pattern.compile("^\\s*" + Pattern.quote(label) + "\\s+([\\d.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE).matcher(out);
    if (!m.find()) {
      throw new IOException("no " + label + " line in wrk output:\n" + out);
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "ms" -> v;
      case "s" -> v * 1000;
      default -> v * 60_000;
    };
  }
}
