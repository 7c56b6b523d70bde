package io.capa.sequencer.internal;

import io.capa.sequencer.spi.SequenceStore;
import io.capa.sequencer.testkit.SequencerConformance;
import io.capa.sequencer.testkit.TestComponents;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/** The conformance suite against the PostgreSQL on 127.0.0.1:5432, in a table of its own. */
class PostgresSequenceStoreTest extends SequencerConformance {
  private static final TestComponents ENV = new TestComponents();
  private static final String TABLE = "capa_seq_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @Override
  protected SequenceStore newStore() throws Exception {
    return (SequenceStore) new SequenceStoreFactory().create(
        TestComponents.config("seq", SequenceStoreFactory.POSTGRESQL, Map.of(
            "connectionString", "postgres://postgres@127.0.0.1:5432/test", "tableName", TABLE)),
        ENV.context(Path.of(".")));
  }

  @AfterAll
  static void dropTable() throws Exception {
    ENV.close();
    try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
        var st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + TABLE);
    }
  }
}
