package io.capa.persistence.jdbc.tck;

import io.capa.persistence.jdbc.TestBackend;
import org.junit.runner.RunWith;
import org.scalatestplus.junit.JUnitRunner;

/** Pekko's snapshot store TCK against MariaDb. */
@RunWith(JUnitRunner.class)
public class MariaDbSnapshotStoreTckTest extends JdbcSnapshotStoreTck {
  public MariaDbSnapshotStoreTckTest() {
    super(TestBackend.MARIADB, "tck_snap_mariadb");
  }
}
