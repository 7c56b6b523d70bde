package io.capa.components;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;

final class Fixtures {
  private Fixtures() {}

  /** The 1-based line of the first occurrence of {@code snippet} in {@code text}. */
  static int lineOf(String text, String snippet) {
    int at = text.indexOf(snippet);
    if (at < 0) {
      throw new IllegalArgumentException("no '" + snippet + "' in the fixture");
    }
    return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
  }

  /** Replaces {@code file} in one step, the way deployment tools do (no half-written file). */
  static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }

  static String component(String name, String type, String host) {
    return "apiVersion: dapr.io/v1alpha1\n"
        + "kind: Component\n"
        + "metadata:\n"
        + "  name: " + name + "\n"
        + "spec:\n"
        + "  type: " + type + "\n"
        + "  version: v1\n"
        + "  metadata:\n"
        + "  - name: host\n"
        + "    value: " + host + "\n";
  }
}
