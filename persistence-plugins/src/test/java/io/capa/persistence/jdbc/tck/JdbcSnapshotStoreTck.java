package io.capa.persistence.jdbc.tck;

import io.capa.persistence.jdbc.TestBackend;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.snapshot.JavaSnapshotStoreSpec;

/** Pekko's snapshot store TCK with every optional capability the store has; one subclass per backend. */
abstract class JdbcSnapshotStoreTck extends JavaSnapshotStoreSpec {
  JdbcSnapshotStoreTck(TestBackend backend, String tablePrefix) {
    super(backend.freshConfig(tablePrefix));
  }

  @Override
  public CapabilityFlag supportsSerialization() {
    return CapabilityFlag.on();
  }

  @Override
  public CapabilityFlag supportsMetadata() {
    return CapabilityFlag.on();
  }
}
