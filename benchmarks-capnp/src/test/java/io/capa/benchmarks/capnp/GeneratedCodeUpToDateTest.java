package io.capa.benchmarks.capnp;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.capnp.wire.codegen.CapnpcJava;
import io.capa.capnp.wire.codegen.JavaGenerator;
import io.capa.capnp.wire.tool.SchemaCompiler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed capnp-wire code must be what CapnpcJava makes of bench.capnp today (needs
 * {@code capnp} on PATH; fails, not skips, without it). Regeneration command: README.md.
 */
class GeneratedCodeUpToDateTest {
  @Test
  void committedSources_matchFreshGeneration() throws Exception {
    Process capnp = new ProcessBuilder("capnp", "compile", "-o-", "src/main/capnp/bench.capnp")
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    byte[] request = capnp.getInputStream().readAllBytes();
    assertThat(capnp.waitFor()).as("capnp compile exit status").isZero();

    List<JavaGenerator.GeneratedFile> files =
        CapnpcJava.generate(SchemaCompiler.fromRequest(request), "io.capa.benchmarks.capnp.gen");

    assertThat(files).isNotEmpty();
    for (JavaGenerator.GeneratedFile f : files) {
      Path committed = Path.of("src", "generated", "java").resolve(f.path());
      assertThat(committed).exists();
      assertThat(Files.readString(committed, StandardCharsets.UTF_8))
          .as(committed + " is stale; regenerate as README.md says")
          .isEqualTo(f.content());
    }
  }
}
