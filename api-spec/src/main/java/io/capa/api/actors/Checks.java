package io.capa.api.actors;

/** Argument checks shared by the records of this package. */
final class Checks {
  private Checks() {}

  static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return value;
  }

  static byte[] orEmpty(byte[] data) {
    return data == null ? new byte[0] : data;
  }
}
