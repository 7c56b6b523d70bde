package io.capa.persistence.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import java.sql.SQLException;
import java.util.Locale;

/**
 * INTERNAL API. The SQL differences between the supported databases: column types, driver
 * tuning and how a duplicate key is reported. Everything else is portable SQL.
 */
public enum Dialect {
  H2("VARBINARY", "VARCHAR(4000)"),
  POSTGRES("BYTEA", "VARCHAR(4000)"),
  MARIADB("LONGBLOB", "VARCHAR(4000)");

  private final String binaryType;
  private final String textType;

  Dialect(String binaryType, String textType) {
    this.binaryType = binaryType;
    this.textType = textType;
  }

  /** Resolves the configured name, or detects the dialect from the JDBC URL when it is blank. */
  public static Dialect resolve(String configured, String url) {
    String name = configured == null ? "" : configured.trim().toLowerCase(Locale.ROOT);
    switch (name) {
      case "h2":
        return H2;
      case "postgres":
      case "postgresql":
        return POSTGRES;
      case "mariadb":
      case "mysql":
        return MARIADB;
      case "":
        return fromUrl(url);
      default:
        throw new IllegalArgumentException(
            "Unknown dialect '" + configured + "': expected h2, postgres or mariadb");
    }
  }

  static Dialect fromUrl(String url) {
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRES;
    }
    if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
      return MARIADB;
    }
    throw new IllegalArgumentException(
        "Cannot detect the dialect from URL '" + url + "': set dialect = h2|postgres|mariadb");
  }

  public String binaryType() {
    return binaryType;
  }

  public String textType() {
    return textType;
  }

  /** Driver settings that make JDBC batches cheap; they matter more than anything else here. */
  void tune(HikariConfig config) {
    if (this == POSTGRES) {
      // Rewrites a batch of single-row INSERTs into multi-row INSERTs: one round trip per batch.
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
  }

  /** True when the failure is a unique or primary key violation (SQLState class 23). */
  public boolean isConstraintViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && sql.getSQLState().startsWith("23")) {
        return true;
      }
    }
    for (SQLException next = e.getNextException(); next != null; next = next.getNextException()) {
      if (next.getSQLState() != null && next.getSQLState().startsWith("23")) {
        return true;
      }
    }
    return false;
  }
}
