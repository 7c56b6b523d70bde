package io.capa.capnp.wire.tool;

import io.capa.capnp.wire.CapnpDecodeException;
import io.capa.capnp.wire.Canonical;
import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.Message;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.Packing;
import io.capa.capnp.wire.ReaderOptions;
import io.capa.capnp.wire.internal.JsonParser;
import io.capa.capnp.wire.schema.DynamicStruct;
import io.capa.capnp.wire.schema.DynamicStructBuilder;
import io.capa.capnp.wire.schema.JsonCodec;
import io.capa.capnp.wire.schema.Node;
import io.capa.capnp.wire.schema.Schema;
import io.capa.capnp.wire.schema.StructSchema;
import io.capa.capnp.wire.schema.TextFormat;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code convert FROM:TO SCHEMA.capnp TYPE}: converts a stream of messages from stdin to
 * stdout, like {@code capnp convert}. Formats: binary, packed, flat, canonical, json, and
 * text (output only). Options: {@code --request=FILE} (a saved CodeGeneratorRequest
 * instead of compiling the schema), {@code -I<dir>}, {@code --segment-size=N}
 * (binary/packed output), {@code --short} (one-line json/text).
 * Exit status 0 on success, 1 on bad input (the message names the offset), 2 on usage errors.
 */
public final class ConvertCommand {
  private static final Set<String> FORMATS = Set.of("binary", "packed", "flat", "canonical", "json", "text");

  private ConvertCommand() {
  }

  public static void main(String[] args) {
    int code = run(args, System.in, System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  /** Runs the command; returns the exit status. */
  public static int run(String[] args, InputStream stdin, OutputStream stdout, PrintStream stderr) {
    List<String> positional = new ArrayList<>();
    List<Path> imports = new ArrayList<>();
    Path request = null;
    int segmentSize = 0;
    boolean shortText = false;
    for (String a : args) {
      if (a.equals("--short")) {
        shortText = true;
      } else if (a.startsWith("--request=")) {
        request = Path.of(a.substring("--request=".length()));
      } else if (a.startsWith("-I")) {
        imports.add(Path.of(a.substring(2)));
      } else if (a.startsWith("--segment-size=")) {
        segmentSize = Integer.parseInt(a.substring("--segment-size=".length()));
      } else {
        positional.add(a);
      }
    }
    if (!positional.isEmpty() && positional.get(0).equals("convert")) {
      positional.remove(0);
    }
    String[] formats = positional.isEmpty() ? new String[0] : positional.get(0).split(":");
    if (formats.length != 2 || !FORMATS.contains(formats[0]) || !FORMATS.contains(formats[1])) {
      stderr.println("usage: convert FROM:TO [SCHEMA.capnp TYPE] [--request=FILE] [-I<dir>] [--segment-size=N] [--short]");
      stderr.println("formats: " + String.join(", ", FORMATS.stream().sorted().toList()));
      return 2;
    }
    if (formats[0].equals("text")) {
      stderr.println("convert: reading the text format is not supported (use capnp convert text:binary)");
      return 2;
    }
    boolean needsSchema = formats[0].equals("json") || formats[1].equals("json") || formats[1].equals("text");
    try {
      Converter c = new Converter(formats[0], formats[1], segmentSize, shortText);
      if (needsSchema) {
        if (positional.size() < 3 || (request == null && positional.size() < 3)) {
          stderr.println("convert: json and text need SCHEMA.capnp and TYPE");
          return 2;
        }
        Schema schema = request != null ? SchemaCompiler.fromRequestFile(request)
            : SchemaCompiler.compile(Path.of(positional.get(1)), imports);
        String typeName = positional.get(positional.size() - 1);
        Node node = schema.findType(typeName);
        if (!(node.detail() instanceof StructSchema s)) {
          stderr.println("convert: " + typeName + " is not a struct");
          return 2;
        }
        c.schema = schema;
        c.type = s;
      }
      OutputStream out = new BufferedOutputStream(stdout);
      c.convert(new BufferedInputStream(stdin), out);
      out.flush();
      return 0;
    } catch (CapnpDecodeException | IllegalArgumentException | UnsupportedOperationException e) {
      stderr.println("convert: invalid input: " + e.getMessage());
      return 1;
    } catch (IOException | java.util.NoSuchElementException e) {
      stderr.println("convert: " + e.getMessage());
      return 1;
    }
  }

  /** One conversion setup. */
  private static final class Converter {
    private final String from;
    private final String to;
    private final int segmentSize;
    private final boolean shortText;
    Schema schema;
    StructSchema type;
    private final ReaderOptions options = ReaderOptions.DEFAULT;

    Converter(String from, String to, int segmentSize, boolean shortText) {
      this.from = from;
      this.to = to;
      this.segmentSize = segmentSize;
      this.shortText = shortText;
    }

    void convert(InputStream in, OutputStream out) throws IOException {
      if (from.equals("json")) {
        JsonParser parser = new JsonParser(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        while (parser.hasNext()) {
          MessageBuilder b = newBuilder();
          DynamicStructBuilder root = new DynamicStructBuilder(schema, type,
              b.initRoot(type.dataWords(), type.pointerCount()));
          JsonCodec.decodeParsed(parser.next(), root);
          write(b.asReader(), out);
        }
        return;
      }
      if (from.equals("flat") || from.equals("canonical")) {
        byte[] all = in.readAllBytes();
        write(MessageReader.of(options, ByteBuffer.wrap(all)), out);
        return;
      }
      while (true) {
        MessageReader m = from.equals("packed") ? Packing.readPacked(in, options) : Framing.read(in, options);
        if (m == null) {
          return;
        }
        write(m, out);
      }
    }

    private MessageBuilder newBuilder() {
      return segmentSize > 0 ? new MessageBuilder(segmentSize, false) : new MessageBuilder();
    }

    private void write(MessageReader m, OutputStream out) throws IOException {
      switch (to) {
        case "json" -> {
          out.write(JsonCodec.encode(new DynamicStruct(schema, type, m.root()), !shortText)
              .getBytes(StandardCharsets.UTF_8));
          out.write('\n');
        }
        case "text" -> {
          out.write(TextFormat.print(new DynamicStruct(schema, type, m.root()), !shortText)
              .getBytes(StandardCharsets.UTF_8));
          out.write('\n');
        }
        case "canonical" -> out.write(Canonical.canonicalize(m.root()));
        case "flat" -> out.write(Canonical.canonicalize(m.root()));
        case "packed" -> Packing.writePacked(out, resegment(m));
        default -> Framing.write(out, resegment(m));
      }
    }

    private Message resegment(MessageReader m) {
      if (segmentSize <= 0) {
        return m;
      }
      MessageBuilder b = new MessageBuilder(segmentSize, false);
      b.rootPointer().set(m.rootPointer());
      return b;
    }
  }
}
