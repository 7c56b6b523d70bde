package io.capa.state.internal;

/**
 * INTERNAL API. What differs between the SQL databases a JDBC state store runs on: the table's
 * column types and the upsert statement. Every table has the same columns: {@code id} (the
 * prefixed key), {@code data} (the value's bytes), {@code version} (the ETag, counting from 1) and
 * {@code expiredate} (epoch milliseconds after which the row is gone; null for never).
 */
enum SqlDialect {
  POSTGRESQL {
    @Override
    String createTable(String table) {
      return "CREATE TABLE IF NOT EXISTS " + table
          + " (id TEXT NOT NULL PRIMARY KEY, data BYTEA NOT NULL, version BIGINT NOT NULL, expiredate BIGINT)";
    }

    @Override
    String upsert(String table) {
      return "INSERT INTO " + table + " AS s (id, data, version, expiredate) VALUES (?, ?, 1, ?)"
          + " ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, version = s.version + 1,"
          + " expiredate = EXCLUDED.expiredate";
    }
  },
  MARIADB {
    @Override
    String createTable(String table) {
      // utf8mb4_bin: keys are compared byte for byte, so 'A' and 'a' are two keys.
      return "CREATE TABLE IF NOT EXISTS " + table
          + " (id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,"
          + " data LONGBLOB NOT NULL, version BIGINT NOT NULL, expiredate BIGINT NULL) ENGINE=InnoDB";
    }

    @Override
    String upsert(String table) {
      return "INSERT INTO " + table + " (id, data, version, expiredate) VALUES (?, ?, 1, ?)"
          + " ON DUPLICATE KEY UPDATE data = VALUES(data), version = version + 1,"
          + " expiredate = VALUES(expiredate)";
    }
  },
  H2 {
    @Override
    String createTable(String table) {
      return "CREATE TABLE IF NOT EXISTS " + table
          + " (id VARCHAR(4096) NOT NULL PRIMARY KEY, data BLOB NOT NULL, version BIGINT NOT NULL, expiredate BIGINT)";
    }

    @Override
    String upsert(String table) {
      return "MERGE INTO " + table + " s USING (VALUES (CAST(? AS VARCHAR(4096)), CAST(? AS BLOB),"
          + " CAST(? AS BIGINT))) n(id, data, expiredate) ON s.id = n.id"
          + " WHEN MATCHED THEN UPDATE SET data = n.data, version = s.version + 1, expiredate = n.expiredate"
          + " WHEN NOT MATCHED THEN INSERT (id, data, version, expiredate) VALUES (n.id, n.data, 1, n.expiredate)";
    }
  };

  abstract String createTable(String table);

  /** Parameters: id, data, expiredate; creates the row at version 1 or bumps its version. */
  abstract String upsert(String table);
}
