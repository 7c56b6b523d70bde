package io.capa.capnp.wire.codegen;

import io.capa.capnp.wire.CapnpDecodeException;
import io.capa.capnp.wire.schema.Schema;
import io.capa.capnp.wire.tool.SchemaCompiler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code capnp compile} plugin. As a plugin it reads a CodeGeneratorRequest on stdin
 * and writes Java sources into the current directory:
 * <pre>
 *   capnp compile -o/path/to/capnpc-java:OUTDIR schema.capnp     (a script running this class)
 * </pre>
 * It also runs on a saved request: {@code --request=FILE --out=DIR}. Files without a
 * {@code $Java.package} annotation get {@code --package=PKG} (default: no package).
 * {@code --outer=NAME} names the outer class of the (single) requested file; {@code --rpc}
 * adds RPC client stubs, server skeletons and pipelines for the {@code io.capa.capnp.rpc} runtime.
 */
public final class CapnpcJava {
  private CapnpcJava() {
  }

  public static void main(String[] args) {
    int code = run(args, System.err);
    // Exiting on success would also end a Maven JVM running this through exec:java.
    if (code != 0) {
      System.exit(code);
    }
  }

  public static int run(String[] args, PrintStream err) {
    Path request = null;
    Path out = Path.of(".");
    String pkg = "";
    boolean rpc = false;
    String outer = null;
    for (String a : args) {
      if (a.startsWith("--request=")) {
        request = Path.of(a.substring("--request=".length()));
      } else if (a.startsWith("--out=")) {
        out = Path.of(a.substring("--out=".length()));
      } else if (a.startsWith("--package=")) {
        pkg = a.substring("--package=".length());
      } else if (a.equals("--rpc")) {
        rpc = true;
      } else if (a.startsWith("--outer=") && a.length() > "--outer=".length()) {
        outer = a.substring("--outer=".length());
      } else {
        err.println("usage: CapnpcJava [--request=FILE] [--out=DIR] [--package=PKG] [--outer=CLASS] [--rpc]"
            + "  (request on stdin by default)");
        return 2;
      }
    }
    try {
      byte[] bytes = request != null ? Files.readAllBytes(request) : System.in.readAllBytes();
      write(generate(SchemaCompiler.fromRequest(bytes), pkg, new JavaGenerator.Options(rpc, outer)), out);
      return 0;
    } catch (IOException | CapnpDecodeException | IllegalStateException e) {
      err.println("capnpc-java: " + e.getMessage());
      return 1;
    }
  }

  public static List<JavaGenerator.GeneratedFile> generate(Schema schema, String defaultPackage) {
    return new JavaGenerator(schema, defaultPackage).generate();
  }

  public static List<JavaGenerator.GeneratedFile> generate(Schema schema, String defaultPackage,
      JavaGenerator.Options options) {
    return new JavaGenerator(schema, defaultPackage, options).generate();
  }

  public static void write(List<JavaGenerator.GeneratedFile> files, Path root) throws IOException {
    for (JavaGenerator.GeneratedFile f : files) {
      Path target = root.resolve(f.path());
      Files.createDirectories(target.getParent());
      Files.writeString(target, f.content(), StandardCharsets.UTF_8);
    }
  }
}
