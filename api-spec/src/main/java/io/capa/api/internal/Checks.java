package io.capa.api.internal;

/** INTERNAL API: argument checks shared by the records of the portable API. */
public final class Checks {
  private Checks() {}

  public static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return value;
  }

  public static byte[] orEmpty(byte[] data) {
    return data == null ? new byte[0] : data;
  }
}
