package io.capa.lock.internal;

import io.capa.lock.spi.LockStore;
import io.capa.lock.testkit.LockConformance;
import io.capa.lock.testkit.TestComponents;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/** The conformance suite against the PostgreSQL on 127.0.0.1:5432, in a table of its own. */
class PostgresLockStoreTest extends LockConformance {
  private static final TestComponents ENV = new TestComponents();
  private static final String TABLE = "capa_locks_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @Override
  protected LockStore newStore() {
    return (LockStore) new LockStoreFactory().create(
        TestComponents.config("pg-locks", LockStoreFactory.POSTGRESQL, Map.of(
            "connectionString", "host=127.0.0.1 port=5432 user=postgres dbname=test", "tableName", TABLE)),
        ENV.context(Path.of(".")));
  }

  @AfterAll
  static void dropTable() throws Exception {
    ENV.close();
    try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
        var st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + TABLE);
    }
  }
}
