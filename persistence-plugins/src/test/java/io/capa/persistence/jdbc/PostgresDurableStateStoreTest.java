package io.capa.persistence.jdbc;

import com.typesafe.config.Config;
import io.capa.persistence.testkit.DurableStateStoreSuite;

/** The durable state contract on Postgres. */
class PostgresDurableStateStoreTest extends DurableStateStoreSuite {
  @Override
  protected Config config() {
    return TestBackend.POSTGRES.freshConfig("ds_postgres");
  }

  @Override
  protected String pluginId() {
    return JdbcPersistence.STATE_PLUGIN_ID;
  }
}
