package io.capa.capnp.wire;

import java.nio.ByteBuffer;

/** Anything that can be written as a framed message: a sequence of word-aligned segments. */
public interface Message {
  int segmentCount();

  /**
   * A read-only view of segment {@code index}, positioned at 0, holding exactly the words
   * in use. The view shares memory with the message.
   */
  ByteBuffer segment(int index);
}
