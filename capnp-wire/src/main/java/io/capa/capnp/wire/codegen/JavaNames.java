package io.capa.capnp.wire.codegen;

/** Naming rules for generated Java: class, accessor and constant names from schema names. */
final class JavaNames {
  private JavaNames() {
  }

  static String upperCamel(String name) {
    return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /**
   * Names generated code declares itself on clients and servers, and Java's reserved words:
   * a method with one of these names gets a trailing underscore.
   */
  private static final java.util.Set<String> RESERVED_METHODS = java.util.Set.of(
      "capability", "dup", "close", "dispatch", "released", "toClient", "lazy",
      "getClass", "hashCode", "equals", "toString", "notify", "notifyAll", "wait", "clone", "finalize",
      "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
      "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
      "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
      "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
      "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "var", "yield",
      "record", "sealed", "permits", "_");

  /** The Java name of an interface method. */
  static String method(String name) {
    return RESERVED_METHODS.contains(name) ? name + "_" : name;
  }

  /** camelCase to UPPER_SNAKE ({@code twoBytes} to {@code TWO_BYTES}). */
  static String constant(String name) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(name.charAt(i - 1))) {
        b.append('_');
      }
      b.append(Character.toUpperCase(c));
    }
    return b.toString();
  }

  /** Outer class name for a file without $outerClassname: {@code foo_bar.capnp} to {@code FooBarCapnp}. */
  static String outerClass(String fileName) {
    String base = fileName.substring(fileName.lastIndexOf('/') + 1);
    int dot = base.indexOf('.');
    if (dot > 0) {
      base = base.substring(0, dot);
    }
    StringBuilder b = new StringBuilder();
    boolean up = true;
    for (char c : base.toCharArray()) {
      if (!Character.isLetterOrDigit(c)) {
        up = true;
        continue;
      }
      b.append(up ? Character.toUpperCase(c) : c);
      up = false;
    }
    return b + "Capnp";
  }

  /** A Java string literal, ASCII only. */
  static String stringLiteral(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7E) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  static String bytesLiteral(byte[] bytes) {
    StringBuilder b = new StringBuilder("new byte[] {");
    for (int i = 0; i < bytes.length; i++) {
      if (i > 0) {
        b.append(i % 16 == 0 ? ",\n        " : ", ");
      }
      b.append(bytes[i]);
    }
    return b.append('}').toString();
  }
}
