package io.capa.sequencer.internal;

import io.capa.sequencer.spi.SequenceStore;
import io.capa.sequencer.testkit.SequencerConformance;
import io.capa.sequencer.testkit.TestComponents;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/** The conformance suite on an H2 file in a temporary data directory, with small blocks so tests cross them. */
class EmbeddedSequenceStoreTest extends SequencerConformance {
  private static final TestComponents ENV = new TestComponents();
  @TempDir static Path dataDir;

  @Override
  protected SequenceStore newStore() throws Exception {
    return (SequenceStore) new SequenceStoreFactory().create(
        TestComponents.config("seq", SequenceStoreFactory.EMBEDDED, Map.of("blockSize", "7")), ENV.context(dataDir));
  }

  @AfterAll
  static void closeEnv() {
    ENV.close();
  }
}
