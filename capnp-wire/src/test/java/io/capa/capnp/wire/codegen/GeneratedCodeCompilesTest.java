package io.capa.capnp.wire.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.capnp.wire.conformance.CapnpTool;
import io.capa.capnp.wire.tool.SchemaCompiler;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Code generated for the reference library's own schemas (unions, groups, generics,
 * constants, interfaces, cross-file imports) compiles with the project's flags:
 * all lint warnings are errors.
 */
class GeneratedCodeCompilesTest {

  @ParameterizedTest
  @ValueSource(strings = {"/usr/include/capnp/rpc.capnp", "/usr/include/capnp/rpc-twoparty.capnp",
      "/usr/include/capnp/persistent.capnp", "/usr/include/capnp/compat/json.capnp",
      "/usr/include/capnp/schema.capnp", "/usr/include/capnp/c++.capnp"})
  void generatedCode_compilesWithoutWarnings(String schemaFile, @TempDir Path dir) throws Exception {
    byte[] request = CapnpTool.run(new byte[0], "compile", "-o-", schemaFile);
    var files = CapnpcJava.generate(SchemaCompiler.fromRequest(request), "gen.check");
    CapnpcJava.write(files, dir.resolve("src"));
    List<String> args = new ArrayList<>(List.of("-Xlint:all,-processing,-serial,-options,-try,-classfile", "-Werror",
        "-d", dir.resolve("classes").toString(), "-cp", System.getProperty("java.class.path")));
    for (var f : files) {
      args.add(dir.resolve("src").resolve(f.path()).toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int code = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
    assertThat(code).as(diagnostics.toString(java.nio.charset.StandardCharsets.UTF_8)).isZero();
    assertThat(Files.list(dir.resolve("classes").resolve("gen").resolve("check")).count()).isPositive();
  }
}
