package io.capa.state.internal;

import io.capa.state.spi.StateStoreConformance;
import java.util.Map;

class MariaDbStateStoreTest extends StateStoreConformance {
  private final String table = SqlTables.unique("state_maria");

  @Override
  protected String type() {
    return "state.mysql";
  }

  @Override
  protected Map<String, String> metadata() {
    // Go's DSN form, as Dapr's MySQL component takes it
    return Map.of("connectionString", "root:@tcp(127.0.0.1:3306)/test?allowNativePasswords=true", "tableName", table);
  }

  @Override
  protected void cleanUp() throws Exception {
    SqlTables.drop(SqlTables.MARIADB_URL, "root", table);
  }
}
