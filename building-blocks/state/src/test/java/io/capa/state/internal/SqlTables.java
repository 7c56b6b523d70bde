package io.capa.state.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/** Unique table names on the shared databases, and dropping them afterwards. */
final class SqlTables {
  static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test";

  private SqlTables() {}

  static String unique(String name) {
    return "capa_" + name + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  static void drop(String url, String user, String table) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table);
    }
  }
}
