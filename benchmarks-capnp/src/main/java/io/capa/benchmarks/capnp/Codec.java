package io.capa.benchmarks.capnp;

/**
 * One serialization library's way of handling one benchmark message: build it from the
 * plain model and serialize it, and read serialized bytes and traverse them. Every
 * implementation of a case computes the same traversal, so results can be compared.
 *
 * @param <M> the plain-Java model of the message
 */
public interface Codec<M> {
  /** Builds the message from {@code model} and returns its serialized (framed) bytes. */
  byte[] buildAndSerialize(M model);

  /** Reads {@code bytes} and folds the fields the case defines into one number. */
  long readAndTraverse(byte[] bytes);
}
