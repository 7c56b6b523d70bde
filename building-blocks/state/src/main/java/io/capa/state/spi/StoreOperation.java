package io.capa.state.spi;

/** One operation of a transaction: a write or a delete. */
public sealed interface StoreOperation permits StoreWrite, StoreDelete {
  String key();
}
