package io.capa.persistence.jdbc.tck;

import io.capa.persistence.jdbc.TestBackend;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.snapshot.JavaSnapshotStoreSpec;
import org.junit.runner.RunWith;
import org.scalatestplus.junit.JUnitRunner;

/** Pekko's snapshot store TCK against Postgres, with every optional capability the store has. */
@RunWith(JUnitRunner.class)
public class PostgresSnapshotStoreTckTest extends JavaSnapshotStoreSpec {
  public PostgresSnapshotStoreTckTest() {
    super(TestBackend.POSTGRES.freshConfig("tck_snap_postgres"));
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
