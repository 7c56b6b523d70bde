package io.capa.persistence.jdbc.tck;

import io.capa.persistence.jdbc.TestBackend;
import org.junit.runner.RunWith;
import org.scalatestplus.junit.JUnitRunner;

/** Pekko's journal TCK against H2. */
@RunWith(JUnitRunner.class)
public class H2JournalTckTest extends JdbcJournalTck {
  public H2JournalTckTest() {
    super(TestBackend.H2, "tck_h2");
  }
}
