package io.capa.persistence.jdbc.tck;

import io.capa.persistence.jdbc.TestBackend;
import org.junit.runner.RunWith;
import org.scalatestplus.junit.JUnitRunner;

/** Pekko's journal TCK against Postgres. */
@RunWith(JUnitRunner.class)
public class PostgresJournalTckTest extends JdbcJournalTck {
  public PostgresJournalTckTest() {
    super(TestBackend.POSTGRES, "tck_postgres");
  }
}
