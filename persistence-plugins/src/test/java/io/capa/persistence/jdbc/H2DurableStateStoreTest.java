package io.capa.persistence.jdbc;

import com.typesafe.config.Config;
import io.capa.persistence.testkit.DurableStateStoreSuite;

/** The durable state contract on H2. */
class H2DurableStateStoreTest extends DurableStateStoreSuite {
  @Override
  protected Config config() {
    return TestBackend.H2.freshConfig("ds_h2");
  }

  @Override
  protected String pluginId() {
    return JdbcPersistence.STATE_PLUGIN_ID;
  }
}
