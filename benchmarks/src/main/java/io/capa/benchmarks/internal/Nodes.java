package io.capa.benchmarks.internal;

import io.capa.actors.api.ActorRuntime;
import io.capa.actors.api.ActorType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * INTERNAL API: starts a single-node runtime the way the benchmarks need it: an ephemeral cluster
 * port, a fresh data directory (so H2 starts empty) and the given backend.
 */
public final class Nodes {
  private Nodes() {}

  public static Path tempDataDir() {
    try {
      Path dir = Files.createTempDirectory("capa-bench-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ActorRuntime start(String backend, Map<String, Object> settings, ActorType<?>... types) {
    ActorRuntime.Builder b =
        ActorRuntime.builder()
            .setting("capa.cluster.port", 0)
            .setting("capa.data-dir", tempDataDir().toString())
            .setting("capa.persistence.backend", backend);
    settings.forEach(b::setting);
    for (ActorType<?> t : types) {
      b.register(t);
    }
    return b.start();
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
