package io.capa.persistence.jdbc.tck;

import io.capa.persistence.jdbc.TestBackend;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.journal.JavaJournalSpec;

/** Pekko's journal TCK with every optional capability the JDBC journal has; one subclass per backend. */
abstract class JdbcJournalTck extends JavaJournalSpec {
  JdbcJournalTck(TestBackend backend, String tablePrefix) {
    super(backend.freshConfig(tablePrefix));
  }

  @Override
  public CapabilityFlag supportsRejectingNonSerializableObjects() {
    return CapabilityFlag.on();
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
