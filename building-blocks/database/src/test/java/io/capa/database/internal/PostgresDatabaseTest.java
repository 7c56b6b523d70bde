package io.capa.database.internal;

import io.capa.database.spi.DatabaseConformance;
import io.capa.database.spi.SqlDatabase;
import java.util.Map;

class PostgresDatabaseTest extends DatabaseConformance {
  private final TestContext context = new TestContext();

  @Override
  protected SqlDatabase newDatabase() throws Exception {
    return context.create("database.postgresql",
        Map.of("connectionString", "postgres://postgres@127.0.0.1:5432/test", "maxConnections", "4"));
  }

  @Override
  protected void release() {
    context.close();
  }

  @Override
  protected String bytesType() {
    return "BYTEA";
  }

  @Override
  protected String timestampType() {
    return "TIMESTAMP(3)";
  }
}
