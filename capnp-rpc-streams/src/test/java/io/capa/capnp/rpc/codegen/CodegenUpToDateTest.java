package io.capa.capnp.rpc.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.capnp.wire.codegen.CapnpcJava;
import io.capa.capnp.wire.codegen.JavaGenerator;
import io.capa.capnp.wire.tool.SchemaCompiler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Regenerates the committed sources in src/generated/java and fails when they differ:
 * a schema or generator change must come with regenerated code
 * ({@code mvn -pl capnp-rpc-streams process-classes -Pcapnp-codegen}).
 */
class CodegenUpToDateTest {
  /** The interop contract, resolved from the module directory (where surefire runs). */
  private static final Path INTEROP = Paths.get("..", "..", "shared", "interop").toAbsolutePath().normalize();

  @ParameterizedTest
  @CsvSource({
      "/usr/include/capnp/rpc.capnp, io.capa.capnp.rpc.gen, '', false",
      "/usr/include/capnp/rpc-twoparty.capnp, io.capa.capnp.rpc.gen, '', false",
      "conformance.capnp, io.capa.capnp.rpc.interop, ConformanceRpc, true"})
  void committedSources_matchFreshGeneration(String schemaFile, String pkg, String outer, boolean rpc)
      throws Exception {
    Path schema = INTEROP.resolve(schemaFile);
    JavaGenerator.Options options = new JavaGenerator.Options(rpc, outer.isEmpty() ? null : outer);
    List<JavaGenerator.GeneratedFile> files =
        CapnpcJava.generate(SchemaCompiler.compile(schema, List.of()), pkg, options);
    assertThat(files).hasSize(1);
    for (JavaGenerator.GeneratedFile f : files) {
      Path committed = Path.of("src", "generated", "java").resolve(f.path());
      assertThat(committed).as("generated file missing; run mvn -Pcapnp-codegen").exists();
      assertThat(Files.readString(committed, StandardCharsets.UTF_8))
          .as(committed + " is stale; run mvn -pl capnp-rpc-streams process-classes -Pcapnp-codegen")
          .isEqualTo(f.content());
    }
  }
}
