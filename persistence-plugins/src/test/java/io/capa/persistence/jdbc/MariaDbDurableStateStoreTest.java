package io.capa.persistence.jdbc;

import com.typesafe.config.Config;
import io.capa.persistence.testkit.DurableStateStoreSuite;

/** The durable state contract on MariaDb. */
class MariaDbDurableStateStoreTest extends DurableStateStoreSuite {
  @Override
  protected Config config() {
    return TestBackend.MARIADB.freshConfig("ds_mariadb");
  }

  @Override
  protected String pluginId() {
    return JdbcPersistence.STATE_PLUGIN_ID;
  }
}
