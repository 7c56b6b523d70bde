package io.capa.persistence.jdbc.tck;

import io.capa.persistence.jdbc.TestBackend;
import org.junit.runner.RunWith;
import org.scalatestplus.junit.JUnitRunner;

/** Pekko's snapshot store TCK against H2. */
@RunWith(JUnitRunner.class)
public class H2SnapshotStoreTckTest extends JdbcSnapshotStoreTck {
  public H2SnapshotStoreTckTest() {
    super(TestBackend.H2, "tck_snap_h2");
  }
}
