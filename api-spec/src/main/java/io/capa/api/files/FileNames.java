package io.capa.api.files;

import io.capa.api.internal.Checks;

/**
 * INTERNAL API: the rule for file names, shared by the records of this package. Names are relative
 * paths with '/' between segments; the rule keeps them from leaving the store's root on stores backed
 * by a file system, and within what object stores accept.
 */
final class FileNames {
  /** The longest key S3-like object stores accept, in characters (they count UTF-8 bytes; close enough to warn early). */
  static final int MAX_LENGTH = 1024;

  private FileNames() {}

  static String require(String name) {
    Checks.requireText(name, "file name");
    if (name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("file name is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new IllegalArgumentException("file name must not contain control characters: " + printable(name));
      }
    }
    if (name.startsWith("/")) {
      throw new IllegalArgumentException("file name must be relative: " + name);
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "file name must not have empty, '.' or '..' segments: " + name);
      }
    }
    return name;
  }

  private static String printable(String name) {
    StringBuilder b = new StringBuilder();
    name.chars().forEach(c -> b.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return b.toString();
  }
}
