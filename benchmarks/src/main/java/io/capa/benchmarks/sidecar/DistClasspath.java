package io.capa.benchmarks.sidecar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * INTERNAL API: the class path {@code ./capa run} launches with ({@code dist/target}: the dist jar,
 * then {@code lib/} in the order of {@code classpath.txt}), copied to a temporary directory first.
 * Other builds may reinstall {@code dist/target} while a benchmark runs, and a JVM whose jar is
 * rewritten under it can crash; the copy keeps every child on one consistent set of jars.
 */
public final class DistClasspath {
  private static final String JAR = "capa-dist-0.1.0-SNAPSHOT.jar";

  private DistClasspath() {}

  /** Copies {@code distTarget}'s launcher files and returns the class path over the copy. */
  public static String snapshot(Path distTarget) {
    Path jar = distTarget.resolve(JAR);
    Path cpFile = distTarget.resolve("classpath.txt");
    Path lib = distTarget.resolve("lib");
    for (Path p : List.of(jar, cpFile, lib)) {
      if (!Files.exists(p)) {
        throw new IllegalArgumentException(
            p + " is missing: build the launcher first (mvn -o -q -B -pl dist install -DskipTests)");
      }
    }
    try {
      Path copy = Files.createTempDirectory("capa-bench-dist-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(copy)));
      Files.copy(jar, copy.resolve(JAR), StandardCopyOption.COPY_ATTRIBUTES);
      Files.createDirectories(copy.resolve("lib"));
      List<String> entries = new ArrayList<>();
      entries.add(copy.resolve(JAR).toString());
      for (String e : Files.readString(cpFile, StandardCharsets.UTF_8).trim().split(":")) {
        if (e.isBlank()) {
          continue;
        }
        Path source = distTarget.resolve(e);
        if (!Files.isRegularFile(source)) {
          throw new IllegalArgumentException(cpFile + " names " + e + ", which is not in " + distTarget);
        }
        Path target = copy.resolve(e);
        Files.createDirectories(target.getParent());
        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        entries.add(target.toString());
      }
      return String.join(":", entries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * When the newest of the project's jars in {@code distTarget} was written, for the benchmark's
   * header: the dist jar itself keeps its time when only a module under {@code lib/} changed.
   */
  public static String builtAt(Path distTarget) {
    try (Stream<Path> s = Files.list(distTarget.resolve("lib"))) {
      List<Path> jars = new ArrayList<>(s.filter(p -> p.getFileName().toString().startsWith("capa-")).toList());
      jars.add(distTarget.resolve(JAR));
      Path newest = null;
      for (Path p : jars) {
        if (newest == null || Files.getLastModifiedTime(p).compareTo(Files.getLastModifiedTime(newest)) > 0) {
          newest = p;
        }
      }
      return Files.getLastModifiedTime(newest) + " (newest: " + newest.getFileName() + ")";
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  static void deleteQuietly(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
