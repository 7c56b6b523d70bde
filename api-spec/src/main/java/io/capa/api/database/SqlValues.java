package io.capa.api.database;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/**
 * INTERNAL API: the closed set of Java types a SQL value may have in the portable API, so that every
 * transport (JSON, Cap'n Proto) can carry it and every database driver can bind it.
 */
final class SqlValues {
  static final List<Class<?>> TYPES =
      List.of(
          String.class, Boolean.class, Integer.class, Long.class, Double.class, BigDecimal.class,
          byte[].class, Instant.class, LocalDate.class, LocalTime.class, LocalDateTime.class, UUID.class);

  private SqlValues() {}

  /** Checks one value; {@code null} is SQL NULL and always allowed. */
  static void require(Object value, String what) {
    if (value == null) {
      return;
    }
    for (Class<?> type : TYPES) {
      if (type == value.getClass()) {
        return;
      }
    }
    throw new IllegalArgumentException(
        what + " has unsupported type " + value.getClass().getName() + "; allowed: null or "
            + TYPES.stream().map(Class::getSimpleName).toList());
  }
}
