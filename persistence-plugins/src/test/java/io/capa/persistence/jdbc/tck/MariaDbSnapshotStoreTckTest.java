package io.capa.persistence.jdbc.tck;

import io.capa.persistence.jdbc.TestBackend;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.snapshot.JavaSnapshotStoreSpec;
import org.junit.runner.RunWith;
import org.scalatestplus.junit.JUnitRunner;

/** Pekko's snapshot store TCK against MariaDb, with every optional capability the store has. */
@RunWith(JUnitRunner.class)
public class MariaDbSnapshotStoreTckTest extends JavaSnapshotStoreSpec {
  public MariaDbSnapshotStoreTckTest() {
    super(TestBackend.MARIADB.freshConfig("tck_snap_mariadb"));
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
