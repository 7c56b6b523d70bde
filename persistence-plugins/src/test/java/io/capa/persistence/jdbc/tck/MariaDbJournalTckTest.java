package io.capa.persistence.jdbc.tck;

import io.capa.persistence.jdbc.TestBackend;
import org.junit.runner.RunWith;
import org.scalatestplus.junit.JUnitRunner;

/** Pekko's journal TCK against MariaDb. */
@RunWith(JUnitRunner.class)
public class MariaDbJournalTckTest extends JdbcJournalTck {
  public MariaDbJournalTckTest() {
    super(TestBackend.MARIADB, "tck_mariadb");
  }
}
