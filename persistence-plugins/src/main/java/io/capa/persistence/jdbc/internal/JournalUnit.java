package io.capa.persistence.jdbc.internal;

import java.util.List;

/** INTERNAL API. The rows of one AtomicWrite: written in one transaction, all or none. */
public record JournalUnit(List<JournalRow> rows) {
  public JournalUnit {
    if (rows == null || rows.isEmpty()) {
      throw new IllegalArgumentException("an AtomicWrite has at least one event");
    }
    rows = List.copyOf(rows);
  }

  public String persistenceId() {
    return rows.get(0).persistenceId();
  }

  public String describe() {
    return "persistence id '" + persistenceId() + "', sequence numbers "
        + rows.get(0).sequenceNr() + ".." + rows.get(rows.size() - 1).sequenceNr();
  }
}
