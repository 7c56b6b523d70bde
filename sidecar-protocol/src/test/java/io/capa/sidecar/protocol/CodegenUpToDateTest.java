package io.capa.sidecar.protocol;

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
 * Regenerates RuntimeProtocol from api-spec's runtime.capnp and fails when the committed file
 * differs: a schema change must come with regenerated code
 * ({@code mvn -pl sidecar-protocol process-classes -Pcapnp-codegen}).
 */
class CodegenUpToDateTest {
  @Test
  void committedSources_matchFreshGeneration() throws Exception {
    Path schema = Path.of("..", "api-spec", "src", "main", "capnp", "runtime.capnp").toAbsolutePath().normalize();
    List<JavaGenerator.GeneratedFile> files =
        CapnpcJava.generate(
            SchemaCompiler.compile(schema, List.of()),
            "io.capa.sidecar.protocol",
            new JavaGenerator.Options(true, "RuntimeProtocol"));
    assertThat(files).hasSize(1);
    for (JavaGenerator.GeneratedFile f : files) {
      Path committed = Path.of("src", "generated", "java").resolve(f.path());
      assertThat(committed).as("generated file missing; run mvn -Pcapnp-codegen").exists();
      assertThat(Files.readString(committed, StandardCharsets.UTF_8))
          .as(committed + " is stale; run mvn -pl sidecar-protocol process-classes -Pcapnp-codegen")
          .isEqualTo(f.content());
    }
  }
}
