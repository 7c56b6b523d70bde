package io.capa.capnp.wire.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * INTERNAL API.
 *
 * <p>Segments of a message being built. Allocation only appends: a full segment is never
 * moved or resized, a new one is added (each at least as large as the last, doubling),
 * so builders pointing into earlier segments stay valid. Segments are zero-filled heap
 * arrays, which is also what makes unset fields read as their defaults.
 */
public final class BuilderArena {
  /** Largest segment we allocate, in words (a Java array holds at most 2^31 bytes). */
  public static final int MAX_SEGMENT_WORDS = (1 << 28) - 1;

  private ByteBuffer[] segments = new ByteBuffer[4];
  private int[] used = new int[4];
  private int count;
  private int nextSize;
  private final boolean grow;

  public BuilderArena(int firstSegmentWords, boolean grow) {
    if (firstSegmentWords <= 0 || firstSegmentWords > MAX_SEGMENT_WORDS) {
      throw new IllegalArgumentException("firstSegmentWords out of range: " + firstSegmentWords);
    }
    this.nextSize = firstSegmentWords;
    this.grow = grow;
    addSegment(firstSegmentWords);
  }

  private int addSegment(int words) {
    if (count == segments.length) {
      segments = Arrays.copyOf(segments, count * 2);
      used = Arrays.copyOf(used, count * 2);
    }
    segments[count] = ByteBuffer.allocate(words * 8).order(ByteOrder.LITTLE_ENDIAN);
    used[count] = 0;
    if (grow) {
      nextSize = (int) Math.min(MAX_SEGMENT_WORDS, Math.max((long) nextSize, words) * 2);
    }
    return count++;
  }

  public int segmentCount() {
    return count;
  }

  public ByteBuffer buffer(int segment) {
    return segments[segment];
  }

  public int usedWords(int segment) {
    return used[segment];
  }

  /** Allocates in {@code segment} if it has room; returns the word position or -1. */
  public int tryAllocate(int segment, long words) {
    int u = used[segment];
    if (words > (segments[segment].capacity() >> 3) - u) {
      return -1;
    }
    used[segment] = u + (int) words;
    return u;
  }

  /**
   * Allocates anywhere, adding a segment if needed; returns segment (high 32 bits) and
   * word position (low 32 bits).
   */
  public long allocate(long words) {
    if (words > MAX_SEGMENT_WORDS) {
      throw new IllegalArgumentException("object of " + words + " words exceeds the largest segment");
    }
    int last = count - 1;
    int at = tryAllocate(last, words);
    if (at < 0) {
      last = addSegment((int) Math.max(words, nextSize));
      at = tryAllocate(last, words);
    }
    return ((long) last << 32) | at;
  }
}
