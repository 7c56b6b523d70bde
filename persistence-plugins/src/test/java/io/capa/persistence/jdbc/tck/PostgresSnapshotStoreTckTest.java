package io.capa.persistence.jdbc.tck;

import io.capa.persistence.jdbc.TestBackend;
import org.junit.runner.RunWith;
import org.scalatestplus.junit.JUnitRunner;

/** Pekko's snapshot store TCK against Postgres. */
@RunWith(JUnitRunner.class)
public class PostgresSnapshotStoreTckTest extends JdbcSnapshotStoreTck {
  public PostgresSnapshotStoreTckTest() {
    super(TestBackend.POSTGRES, "tck_snap_postgres");
  }
}
