package io.capa.capnp.wire.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.capnp.wire.conformance.CapnpTool;
import io.capa.capnp.wire.schema.Schema;
import io.capa.capnp.wire.tool.SchemaCompiler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator's switches: {@code --outer} and {@code --rpc} (whose output compiles in capnp-rpc-streams). */
class GeneratorOptionsTest {

  private static Schema conformance() throws Exception {
    return SchemaCompiler.fromRequest(CapnpTool.run(new byte[0], "compile", "-o-", "conformance.capnp"));
  }

  @Test
  void outer_namesTheClassAndFileAndNothingElse() throws Exception {
    JavaGenerator.GeneratedFile plain = CapnpcJava.generate(conformance(), "p").get(0);

    List<JavaGenerator.GeneratedFile> renamed =
        CapnpcJava.generate(conformance(), "p", new JavaGenerator.Options(false, "Renamed"));

    assertThat(renamed).singleElement().satisfies(f -> {
      assertThat(f.path()).isEqualTo("p/Renamed.java");
      assertThat(f.content()).isEqualTo(plain.content().replace("ConformanceCapnp", "Renamed"));
    });
  }

  @Test
  void outer_withSeveralRequestedFiles_isRejected() throws Exception {
    Schema two = SchemaCompiler.fromRequest(
        CapnpTool.run(new byte[0], "compile", "-o-", "conformance.capnp", "/usr/include/capnp/c++.capnp"));

    assertThatThrownBy(() -> CapnpcJava.generate(two, "p", new JavaGenerator.Options(false, "X")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exactly one requested file");
  }

  @Test
  void rpc_addsStubsAndLeavesPlainOutputAlone() throws Exception {
    String plain = CapnpcJava.generate(conformance(), "p").get(0).content();
    String defaults = CapnpcJava.generate(conformance(), "p", JavaGenerator.Options.DEFAULT).get(0).content();

    String rpc = CapnpcJava.generate(conformance(), "p", new JavaGenerator.Options(true, null)).get(0).content();

    assertThat(defaults).isEqualTo(plain);
    assertThat(plain).doesNotContain("io.capa.capnp.rpc.");
    assertThat(rpc)
        .contains("public static final class Client implements java.lang.AutoCloseable")
        .contains("public abstract static class Server implements io.capa.capnp.rpc.Server")
        .contains("public ConformanceCapnp.Counter.Client getCounter()")
        .contains("public java.util.concurrent.CompletionStage<java.lang.Void> upload(");
  }

  @Test
  void run_unknownOption_printsUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = CapnpcJava.run(new String[] {"--bogus"}, new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--rpc").contains("--outer=CLASS");
  }
}
