package io.capa.capnp.wire;

/**
 * Limits applied when reading untrusted messages.
 *
 * @param traversalLimitWords total words a reader may visit; following the same pointer
 *     twice counts twice, which defends against amplification by shared sub-objects
 * @param nestingLimit maximum pointer depth (defends against stack overflow via cycles)
 * @param maxSegments most segments a framed message may declare
 * @param maxMessageBytes largest framed message accepted, checked before allocating
 */
public record ReaderOptions(long traversalLimitWords, int nestingLimit, int maxSegments, long maxMessageBytes) {
  public static final long DEFAULT_TRAVERSAL_LIMIT_WORDS = 8L * 1024 * 1024;
  public static final int DEFAULT_NESTING_LIMIT = 64;
  public static final int DEFAULT_MAX_SEGMENTS = 512;
  public static final long DEFAULT_MAX_MESSAGE_BYTES = DEFAULT_TRAVERSAL_LIMIT_WORDS * 8;

  public static final ReaderOptions DEFAULT = new ReaderOptions(
      DEFAULT_TRAVERSAL_LIMIT_WORDS, DEFAULT_NESTING_LIMIT, DEFAULT_MAX_SEGMENTS, DEFAULT_MAX_MESSAGE_BYTES);

  public ReaderOptions {
    if (traversalLimitWords <= 0) {
      throw new IllegalArgumentException("traversalLimitWords must be positive: " + traversalLimitWords);
    }
    if (nestingLimit <= 0) {
      throw new IllegalArgumentException("nestingLimit must be positive: " + nestingLimit);
    }
    if (maxSegments <= 0) {
      throw new IllegalArgumentException("maxSegments must be positive: " + maxSegments);
    }
    // A ByteBuffer cannot exceed 2 GiB, so neither can a message.
    if (maxMessageBytes <= 0 || maxMessageBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxMessageBytes must be in (0, 2^31-9]: " + maxMessageBytes);
    }
  }

  /**
   * Reads the limits from a config section shaped like {@code capa.capnp.reader} in this
   * module's reference.conf.
   */
  public static ReaderOptions fromConfig(com.typesafe.config.Config section) {
    return new ReaderOptions(section.getLong("traversal-limit-words"), section.getInt("nesting-limit"),
        section.getInt("max-segments"), section.getBytes("max-message-size"));
  }

  public ReaderOptions withTraversalLimitWords(long words) {
    return new ReaderOptions(words, nestingLimit, maxSegments, maxMessageBytes);
  }

  public ReaderOptions withNestingLimit(int limit) {
    return new ReaderOptions(traversalLimitWords, limit, maxSegments, maxMessageBytes);
  }

  public ReaderOptions withMaxSegments(int max) {
    return new ReaderOptions(traversalLimitWords, nestingLimit, max, maxMessageBytes);
  }

  public ReaderOptions withMaxMessageBytes(long max) {
    return new ReaderOptions(traversalLimitWords, nestingLimit, maxSegments, max);
  }
}
