package io.capa.api.database;

import io.capa.api.internal.Checks;
import java.util.List;

/**
 * A SQL statement with positional parameters: each {@code ?} in {@code sql} takes the parameter at
 * its position. Values are bound, never spliced into the text. Parameters may be null (SQL NULL) or
 * one of String, Boolean, Integer, Long, Double, BigDecimal, byte[], Instant, LocalDate, LocalTime,
 * LocalDateTime or UUID.
 */
public record SqlStatement(String sql, List<Object> parameters) {
  public SqlStatement {
    Checks.requireText(sql, "sql");
    parameters = Checks.listWithNulls(parameters);
    for (int i = 0; i < parameters.size(); i++) {
      SqlValues.require(parameters.get(i), "parameter " + (i + 1));
    }
  }

  public static SqlStatement of(String sql, Object... parameters) {
    return new SqlStatement(sql, java.util.Arrays.asList(parameters));
  }
}
