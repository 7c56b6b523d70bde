package io.capa.capnp.wire;

/**
 * The single error raised for malformed or over-limit input. It names what was wrong
 * and where: the segment and the byte offset inside it (or -1 when not applicable,
 * e.g. for a stream header).
 */
public final class CapnpDecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int segment;
  private final long offset;

  public CapnpDecodeException(String problem, int segment, long offset) {
    super(problem + " (segment " + segment + ", byte offset " + offset + ")");
    this.segment = segment;
    this.offset = offset;
  }

  public CapnpDecodeException(String problem, long offset) {
    super(problem + " (byte offset " + offset + ")");
    this.segment = -1;
    this.offset = offset;
  }

  /** Segment where the problem was found, or -1 for framing errors. */
  public int segment() {
    return segment;
  }

  /** Byte offset of the problem in its segment (or in the stream for framing errors). */
  public long offset() {
    return offset;
  }
}
