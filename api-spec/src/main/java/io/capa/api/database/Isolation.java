package io.capa.api.database;

/** The isolation level of a transaction, as SQL names them. */
public enum Isolation {
  /** Whatever the database does by default. */
  DEFAULT,
  READ_COMMITTED,
  REPEATABLE_READ,
  SERIALIZABLE
}
