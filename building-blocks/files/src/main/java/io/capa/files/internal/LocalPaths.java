package io.capa.files.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * INTERNAL API. Turns a file name into a path under the store's root, refusing every name that
 * could reach outside it: '..', '.', empty segments, absolute names, control characters (NUL among
 * them), backslashes, the store's own bookkeeping folders, and any existing directory on the way
 * that is a symbolic link leaving the root.
 */
final class LocalPaths {
  /** Folders of the root the store keeps for itself; names may not start with this. */
  static final String RESERVED = ".capa-";

  private final Path root;

  LocalPaths(Path realRoot) {
    this.root = realRoot;
  }

  Path root() {
    return root;
  }

  /** The path of {@code name}, checked lexically and against symbolic links of existing parents. */
  Path resolve(String name) {
    checkLexically(name);
    Path p = root.resolve(name).normalize();
    if (!p.startsWith(root) || p.equals(root)) {
      throw invalid(name, "resolves outside the store's root");
    }
    // Every existing ancestor must really be inside the root: a symbolic link to elsewhere is refused.
    Path parent = p.getParent();
    while (parent != null && !parent.equals(root) && !Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
      parent = parent.getParent();
    }
    if (parent != null && !parent.equals(root)) {
      try {
        if (!parent.toRealPath().startsWith(root)) {
          throw invalid(name, "passes through a symbolic link that leaves the store's root");
        }
      } catch (IOException e) {
        throw invalid(name, "cannot be resolved: " + e.getMessage());
      }
    }
    if (Files.isSymbolicLink(p)) {
      throw invalid(name, "is a symbolic link");
    }
    return p;
  }

  /** The name of a path under the root, with '/' between segments. */
  String nameOf(Path p) {
    Path rel = root.relativize(p);
    StringBuilder b = new StringBuilder();
    for (Path segment : rel) {
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(segment);
    }
    return b.toString();
  }

  static void checkLexically(String name) {
    if (name == null || name.isEmpty()) {
      throw invalid(String.valueOf(name), "is empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == 0 || Character.isISOControl(c)) {
        throw invalid(name.replace("\0", "\\0"), "contains a control character");
      }
      if (c == '\\') {
        throw invalid(name, "contains a backslash");
      }
    }
    if (name.startsWith("/") || Path.of(name).isAbsolute()) {
      throw invalid(name, "is absolute");
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw invalid(name, "has an empty, '.' or '..' segment");
      }
    }
    if (name.startsWith(RESERVED)) {
      throw invalid(name, "starts with " + RESERVED + ", which the store reserves");
    }
  }

  static CapaException invalid(String name, String why) {
    return new CapaException(ErrorCode.INVALID_REQUEST, "file name \"" + name + "\" " + why);
  }
}
