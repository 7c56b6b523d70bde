package io.capa.api.database;

/** What a statement without result rows did. */
public record ExecResult(long rowsAffected) {
  public ExecResult {
    if (rowsAffected < 0) {
      throw new IllegalArgumentException("rowsAffected must not be negative: " + rowsAffected);
    }
  }
}
