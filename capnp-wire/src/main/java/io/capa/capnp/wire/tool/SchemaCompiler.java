package io.capa.capnp.wire.tool;

import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.ReaderOptions;
import io.capa.capnp.wire.schema.Schema;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Obtains a {@link Schema}: by running the reference compiler ({@code capnp compile -o-})
 * or by reading a CodeGeneratorRequest saved earlier.
 */
public final class SchemaCompiler {
  /** Schema requests are large (schema.capnp's is ~60k words) but trusted local input. */
  static final ReaderOptions REQUEST_OPTIONS = ReaderOptions.DEFAULT.withTraversalLimitWords(1L << 30);

  private SchemaCompiler() {
  }

  /** Compiles {@code schemaFile} with {@code capnp compile -o-}; importPaths go to -I. */
  public static Schema compile(Path schemaFile, List<Path> importPaths) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("capnp", "compile", "-o-"));
    for (Path p : importPaths) {
      cmd.add("-I" + p);
    }
    cmd.add(schemaFile.toString());
    Process process;
    try {
      process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException e) {
      throw new IOException("cannot run the capnp compiler (is it installed and on PATH?): " + e.getMessage(), e);
    }
    process.getOutputStream().close();
    byte[] out;
    byte[] errBytes;
    try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
      out = stdout.readAllBytes();
      errBytes = stderr.readAllBytes();
    }
    int code;
    try {
      code = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while compiling " + schemaFile, e);
    }
    if (code != 0) {
      throw new IOException("capnp compile failed for " + schemaFile + ": "
          + new String(errBytes, StandardCharsets.UTF_8).trim());
    }
    return fromRequest(out);
  }

  /** Loads a serialized CodeGeneratorRequest (standard framing). */
  public static Schema fromRequest(byte[] request) throws IOException {
    MessageReader reader = Framing.read(new ByteArrayInputStream(request), REQUEST_OPTIONS);
    if (reader == null) {
      throw new IOException("empty CodeGeneratorRequest");
    }
    return Schema.load(reader);
  }

  public static Schema fromRequestFile(Path file) throws IOException {
    return fromRequest(Files.readAllBytes(file));
  }
}
