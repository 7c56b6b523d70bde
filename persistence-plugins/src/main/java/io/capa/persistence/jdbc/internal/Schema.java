package io.capa.persistence.jdbc.internal;

import java.util.List;

/**
 * INTERNAL API. Table definitions. The same DDL serves every dialect except for the binary and
 * long-text column types; the README shows the result per dialect.
 */
public final class Schema {
  private Schema() {}

  /**
   * One row per event. {@code deleted} marks the highest event of a persistence id after
   * deleteMessagesTo removed it, so the highest sequence number survives deletion.
   */
  public static List<String> journal(Dialect d, String table) {
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + table + " ("
            + "persistence_id VARCHAR(255) NOT NULL, "
            + "sequence_number BIGINT NOT NULL, "
            + "deleted BOOLEAN NOT NULL, "
            + "writer_uuid VARCHAR(64) NOT NULL, "
            + "write_timestamp BIGINT NOT NULL, "
            + "event_manifest VARCHAR(255) NOT NULL, "
            + "ser_id INTEGER NOT NULL, "
            + "ser_manifest VARCHAR(255) NOT NULL, "
            + "payload " + d.binaryType() + " NOT NULL, "
            + "meta_ser_id INTEGER, "
            + "meta_ser_manifest VARCHAR(255), "
            + "meta_payload " + d.binaryType() + ", "
            + "tags " + d.textType() + ", "
            + "PRIMARY KEY (persistence_id, sequence_number))");
  }

  public static List<String> snapshot(Dialect d, String table) {
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + table + " ("
            + "persistence_id VARCHAR(255) NOT NULL, "
            + "sequence_number BIGINT NOT NULL, "
            + "created BIGINT NOT NULL, "
            + "ser_id INTEGER NOT NULL, "
            + "ser_manifest VARCHAR(255) NOT NULL, "
            + "payload " + d.binaryType() + " NOT NULL, "
            + "meta_ser_id INTEGER, "
            + "meta_ser_manifest VARCHAR(255), "
            + "meta_payload " + d.binaryType() + ", "
            + "PRIMARY KEY (persistence_id, sequence_number))");
  }

  /** One row per persistence id; a deleted state keeps its row with a null payload. */
  public static List<String> state(Dialect d, String table) {
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + table + " ("
            + "persistence_id VARCHAR(255) NOT NULL, "
            + "revision BIGINT NOT NULL, "
            + "ser_id INTEGER, "
            + "ser_manifest VARCHAR(255), "
            + "payload " + d.binaryType() + ", "
            + "tag VARCHAR(255), "
            + "state_timestamp BIGINT NOT NULL, "
            + "PRIMARY KEY (persistence_id))");
  }

  static String createSchema(String schema) {
    return "CREATE SCHEMA IF NOT EXISTS " + schema;
  }
}
