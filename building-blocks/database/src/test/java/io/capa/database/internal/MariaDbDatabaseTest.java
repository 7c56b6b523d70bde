package io.capa.database.internal;

import io.capa.database.spi.DatabaseConformance;
import io.capa.database.spi.SqlDatabase;
import java.util.Map;

class MariaDbDatabaseTest extends DatabaseConformance {
  private final TestContext context = new TestContext();

  @Override
  protected SqlDatabase newDatabase() throws Exception {
    return context.create("database.mysql", Map.of("connectionString", "root@tcp(127.0.0.1:3306)/test", "maxConnections", "4"));
  }

  @Override
  protected void release() {
    context.close();
  }

  @Override
  protected String bytesType() {
    return "LONGBLOB";
  }

  @Override
  protected String timestampType() {
    // TIMESTAMP in MariaDB converts time zones and updates itself; DATETIME is the plain type.
    return "DATETIME(3)";
  }
}
