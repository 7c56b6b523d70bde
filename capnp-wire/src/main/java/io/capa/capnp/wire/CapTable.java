package io.capa.capnp.wire;

/**
 * The capabilities a message refers to. A capability pointer in a message holds only an
 * index; the RPC layer that sends or receives the message owns the objects, and attaches
 * a table to the message so that typed code can turn the index into a capability and
 * back. Serialization alone never needs one.
 */
public interface CapTable {
  /** The capability at {@code index}, or null when the index is outside the table. */
  Object get(int index);

  /** Appends {@code capability} and returns its index. */
  int add(Object capability);
}
