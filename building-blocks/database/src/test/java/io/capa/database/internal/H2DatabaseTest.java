package io.capa.database.internal;

import io.capa.database.spi.DatabaseConformance;
import io.capa.database.spi.SqlDatabase;
import java.util.Map;
import java.util.UUID;

class H2DatabaseTest extends DatabaseConformance {
  private final TestContext context = new TestContext();

  @Override
  protected SqlDatabase newDatabase() throws Exception {
    return context.create("database.h2",
        Map.of("url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "maxConnections", "4"));
  }

  @Override
  protected void release() {
    context.close();
  }

  @Override
  protected String bytesType() {
    return "VARBINARY(1000)";
  }

  @Override
  protected String timestampType() {
    return "TIMESTAMP(3)";
  }
}
