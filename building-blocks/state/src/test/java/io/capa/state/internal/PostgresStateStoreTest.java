package io.capa.state.internal;

import io.capa.state.spi.StateStoreConformance;
import java.util.Map;

class PostgresStateStoreTest extends StateStoreConformance {
  private final String table = SqlTables.unique("state_pg");

  @Override
  protected String type() {
    return "state.postgresql";
  }

  @Override
  protected Map<String, String> metadata() {
    // libpq's key=value form, as Dapr's documentation writes it
    return Map.of("connectionString", "host=127.0.0.1 user=postgres port=5432 database=test", "tableName", table);
  }

  @Override
  protected void cleanUp() throws Exception {
    SqlTables.drop(SqlTables.POSTGRES_URL, "postgres", table);
  }
}
