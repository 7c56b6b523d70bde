package io.capa.capnp.wire.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.capnp.wire.conformance.CapnpTool;
import io.capa.capnp.wire.tool.SchemaCompiler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Regenerates the committed sources in src/generated/java and fails when they differ:
 * a schema or generator change must come with regenerated code
 * ({@code mvn -pl capnp-wire process-classes -Pcapnp-codegen}).
 */
class CodegenUpToDateTest {

  @ParameterizedTest
  @CsvSource({
      "conformance.capnp, io.capa.capnp.interop",
      "/usr/include/capnp/schema.capnp, io.capa.capnp.wire.schema.gen"})
  void committedSources_matchFreshGeneration(String schemaFile, String pkg) throws Exception {
    byte[] request = CapnpTool.run(new byte[0], "compile", "-o-", schemaFile);
    List<JavaGenerator.GeneratedFile> files = CapnpcJava.generate(SchemaCompiler.fromRequest(request), pkg);
    assertThat(files).isNotEmpty();
    for (JavaGenerator.GeneratedFile f : files) {
      Path committed = Path.of("src", "generated", "java").resolve(f.path());
      assertThat(committed).as("generated file missing; run mvn -Pcapnp-codegen").exists();
      assertThat(Files.readString(committed, StandardCharsets.UTF_8))
          .as(committed + " is stale; run mvn -pl capnp-wire process-classes -Pcapnp-codegen")
          .isEqualTo(f.content());
    }
  }
}
