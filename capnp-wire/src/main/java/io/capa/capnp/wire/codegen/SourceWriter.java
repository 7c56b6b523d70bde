package io.capa.capnp.wire.codegen;

/** Indented Java source text, two spaces per level. */
final class SourceWriter {
  private final StringBuilder out = new StringBuilder();
  private int depth;

  SourceWriter line(String text) {
    if (text.isEmpty()) {
      out.append('\n');
      return this;
    }
    for (String l : text.split("\n", -1)) {
      out.append("  ".repeat(depth)).append(l).append('\n');
    }
    return this;
  }

  /** A line ending in " {", then one level deeper. */
  SourceWriter open(String text) {
    line(text + " {");
    depth++;
    return this;
  }

  SourceWriter close() {
    return close("");
  }

  /** One level up, then "}" followed by {@code suffix} (";" after an anonymous class). */
  SourceWriter close(String suffix) {
    depth--;
    return line("}" + suffix);
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
