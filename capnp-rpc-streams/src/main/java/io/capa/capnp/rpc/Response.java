package io.capa.capnp.rpc;

import io.capa.capnp.wire.PointerReader;
import io.capa.capnp.wire.StructReader;

/**
 * The results of a call. Capabilities read from them are borrowed and stay valid until
 * {@link #close()}; keep one with {@link Capability#dup()}. Closing releases the rest (an
 * unclosed response is released when it becomes unreachable, but later).
 */
public interface Response extends AutoCloseable {
  StructReader results();

  PointerReader resultsPointer();

  @Override
  void close();
}
