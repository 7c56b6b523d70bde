package io.capa.capnp.wire.conformance;

import io.capa.capnp.wire.schema.Schema;
import io.capa.capnp.wire.tool.SchemaCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the reference {@code capnp} tool. A missing tool is a test failure, never a skip:
 * CI installs it, and a silently skipped conformance suite proves nothing.
 */
public final class CapnpTool {
  /** The interop contract, resolved from the module directory (where surefire runs). */
  public static final Path INTEROP = Paths.get("..", "..", "shared", "interop").toAbsolutePath().normalize();
  public static final String SCHEMA_FILE = "conformance.capnp";

  private static Schema conformanceSchema;

  private CapnpTool() {
  }

  public static synchronized Schema conformanceSchema() {
    if (conformanceSchema == null) {
      try {
        conformanceSchema = SchemaCompiler.compile(INTEROP.resolve(SCHEMA_FILE), List.of());
      } catch (IOException e) {
        throw new AssertionError("the reference capnp tool is required: " + e.getMessage(), e);
      }
    }
    return conformanceSchema;
  }

  /** {@code capnp convert FORMATS conformance.capnp AllTypes [extra...]} */
  public static byte[] convert(String formats, byte[] input, String... extra) {
    List<String> args = new ArrayList<>(List.of("convert", formats));
    args.addAll(List.of(extra));
    args.add(SCHEMA_FILE);
    args.add("AllTypes");
    return run(input, args.toArray(String[]::new));
  }

  public static String convertToText(String formats, byte[] input) {
    return new String(convert(formats, input, "--short"), StandardCharsets.UTF_8);
  }

  public static byte[] textTo(String format, String text, String... extra) {
    return convert("text:" + format, text.getBytes(StandardCharsets.UTF_8), extra);
  }

  /** Runs capnp with {@code args} in the interop folder; fails the test on any error. */
  public static byte[] run(byte[] input, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("capnp");
    cmd.addAll(List.of(args));
    Path err;
    Process p;
    try {
      err = Files.createTempFile("capnp-stderr", ".txt");
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(INTEROP.toFile()).redirectError(err.toFile());
      pb.environment().put("PWD", INTEROP.toString());
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError("the reference capnp tool is required (apt-get install capnproto): "
          + e.getMessage(), e);
    }
    Thread feeder = new Thread(() -> {
      try (OutputStream stdin = p.getOutputStream()) {
        stdin.write(input);
      } catch (IOException ignored) {
        // The tool exited early; its exit status and stderr tell why.
      }
    }, "capnp-stdin");
    feeder.start();
    try (InputStream stdout = p.getInputStream()) {
      byte[] out = stdout.readAllBytes();
      int code = p.waitFor();
      feeder.join();
      String stderr = Files.readString(err);
      Files.deleteIfExists(err);
      if (code != 0) {
        throw new AssertionError("capnp " + String.join(" ", args) + " failed (" + code + "): " + stderr);
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
