package io.capa.api.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

  /**
   * An immutable copy of string metadata; {@code null} means none. Null keys or values are rejected
   * with a message naming the map, where {@link Map#copyOf} would only throw a bare NPE.
   */
  public static Map<String, String> metadata(Map<String, String> metadata, String what) {
    if (metadata == null || metadata.isEmpty()) {
      return Map.of();
    }
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank()) {
        throw new IllegalArgumentException(what + " must not have an empty key");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException(what + " value of '" + e.getKey() + "' must not be null");
      }
    }
    // Keeps the caller's order, which matters for logs and for tests comparing printed maps.
    return Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** An immutable copy of a list without null elements; {@code null} means an empty list. */
  public static <T> List<T> list(List<T> values, String what) {
    if (values == null) {
      return List.of();
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        throw new IllegalArgumentException(what + " must not contain null (index " + i + ")");
      }
    }
    return List.copyOf(values);
  }

  /** Like {@link #list} but rejects an empty list. */
  public static <T> List<T> nonEmptyList(List<T> values, String what) {
    List<T> copy = list(values, what);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return copy;
  }

  /** An immutable list that may hold nulls (SQL NULL, for instance). */
  public static <T> List<T> listWithNulls(List<T> values) {
    return values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
  }

  public static Duration requirePositive(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + value);
    }
    return value;
  }

  /** {@code null} becomes empty; a present value must be positive. */
  public static Optional<Duration> optionalPositive(Optional<Duration> value, String what) {
    Optional<Duration> v = Objects.requireNonNullElse(value, Optional.empty());
    v.ifPresent(d -> requirePositive(d, what));
    return v;
  }

  /** {@code null} becomes empty; a present value must not be blank. */
  public static Optional<String> optionalText(Optional<String> value, String what) {
    Optional<String> v = Objects.requireNonNullElse(value, Optional.empty());
    v.ifPresent(s -> requireText(s, what));
    return v;
  }
}
