package io.capa.state.internal;

import io.capa.state.spi.StateStoreConformance;
import java.util.Map;

/** The embedded store with its default file under the component's data directory. */
class H2StateStoreTest extends StateStoreConformance {
  @Override
  protected String type() {
    return "state.h2";
  }

  @Override
  protected Map<String, String> metadata() {
    return Map.of();
  }

  @Override
  protected void cleanUp() {
    // the database lives in the test's temporary data directory
  }
}
