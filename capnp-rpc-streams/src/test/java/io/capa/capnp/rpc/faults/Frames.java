package io.capa.capnp.rpc.faults;

import io.capa.capnp.rpc.gen.RpcCapnp;
import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.PointerBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * Hand-made frames: well-formed RPC messages built with the generated code, and the same
 * messages as raw words so single pointers can be replaced by hostile ones.
 */
final class Frames {
  /** Marks the data word of a parameter struct so its pointer section can be found in the raw words. */
  static final long SENTINEL = 0x5EED_F00D_CAFE_D00DL;

  static final int VOID = 0;
  static final int BYTE = 2;
  static final int EIGHT_BYTES = 5;
  static final int COMPOSITE = 7;

  private Frames() {
  }

  // ---- pointer words (see MessageReader's layout comment) ----

  static long structPtr(int offsetWords, int dataWords, int pointerCount) {
    return ((long) (offsetWords << 2) & 0xFFFF_FFFFL) | ((long) dataWords << 32) | ((long) pointerCount << 48);
  }

  static long listPtr(int offsetWords, int sizeCode, long count) {
    return (((long) (offsetWords << 2) | 1) & 0xFFFF_FFFFL) | ((long) sizeCode << 32) | (count << 35);
  }

  static long farPtr(boolean doubleFar, int padWord, long segment) {
    return ((2L | (doubleFar ? 4 : 0) | ((long) padWord << 3)) & 0xFFFF_FFFFL) | (segment << 32);
  }

  /** Offset field for a near pointer at word {@code from} whose content starts at word {@code to}. */
  static int offset(int from, int to) {
    return to - from - 1;
  }

  /** Where the near pointer at word {@code at} points. */
  static int target(long[] words, int at) {
    long p = words[at];
    if ((p & 3) == 2 || (p & 3) == 3) {
      throw new IllegalStateException("word " + at + " is not a near pointer: " + Long.toHexString(p));
    }
    return at + 1 + (((int) p) >> 2);
  }

  // ---- raw frames ----

  /** The standard framing of the given segments: table, padding, segments. */
  static byte[] frame(long[]... segments) {
    int header = ((segments.length + 1) * 4 + 7) & ~7;
    int body = 0;
    for (long[] s : segments) {
      body += s.length * 8;
    }
    ByteBuffer b = ByteBuffer.allocate(header + body).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, segments.length - 1);
    for (int i = 0; i < segments.length; i++) {
      b.putInt(4 + 4 * i, segments[i].length);
    }
    b.position(header);
    for (long[] s : segments) {
      for (long w : s) {
        b.putLong(w);
      }
    }
    return b.array();
  }

  /** A segment table alone: {@code countMinusOne}, then the given sizes in words (padded). */
  static byte[] table(int countMinusOne, int... sizes) {
    int header = ((sizes.length + 1) * 4 + 7) & ~7;
    ByteBuffer b = ByteBuffer.allocate(header).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, countMinusOne);
    for (int i = 0; i < sizes.length; i++) {
      b.putInt(4 + 4 * i, sizes[i]);
    }
    return b.array();
  }

  static long[] words(MessageBuilder mb) {
    if (mb.segmentCount() != 1) {
      throw new IllegalStateException("expected a single-segment message, got " + mb.segmentCount());
    }
    ByteBuffer s = mb.segment(0).order(ByteOrder.LITTLE_ENDIAN);
    long[] w = new long[s.remaining() / 8];
    s.asLongBuffer().get(w);
    return w;
  }

  static int find(long[] words, long value) {
    for (int i = 0; i < words.length; i++) {
      if (words[i] == value) {
        return i;
      }
    }
    throw new IllegalStateException("word " + Long.toHexString(value) + " not found");
  }

  // ---- RPC messages ----

  static byte[] bytes(MessageBuilder mb) {
    return Framing.toByteArray(mb);
  }

  static MessageBuilder bootstrap(long questionId) {
    MessageBuilder mb = new MessageBuilder();
    RpcCapnp.Message.initRoot(mb).initBootstrap().setQuestionId(questionId);
    return mb;
  }

  /** A Call addressed to the answer of {@code targetQuestion} (a bootstrap question, usually). */
  static MessageBuilder call(MessageBuilder mb, long questionId, long targetQuestion, int methodId,
      Consumer<PointerBuilder> params) {
    RpcCapnp.Call.Builder c = RpcCapnp.Message.initRoot(mb).initCall();
    c.setQuestionId(questionId);
    c.setInterfaceId(FaultServer.IFACE);
    c.setMethodId(methodId);
    c.initTarget().initPromisedAnswer().setQuestionId(targetQuestion);
    params.accept(c.initParams().getContent());
    return mb;
  }

  static MessageBuilder call(long questionId, long targetQuestion, int methodId, Consumer<PointerBuilder> params) {
    return call(new MessageBuilder(), questionId, targetQuestion, methodId, params);
  }

  /** A Call to the echo method with {@code payload} as the Data to echo. */
  static MessageBuilder echo(long questionId, long targetQuestion, byte[] payload) {
    return call(questionId, targetQuestion, Probe.ECHO, p -> p.initStruct(0, 1).getPointer(0).setData(payload));
  }

  static MessageBuilder finish(long questionId) {
    MessageBuilder mb = new MessageBuilder();
    RpcCapnp.Finish.Builder f = RpcCapnp.Message.initRoot(mb).initFinish();
    f.setQuestionId(questionId);
    f.setReleaseResultCaps(false);
    return mb;
  }

  static MessageBuilder release(long exportId, long count) {
    MessageBuilder mb = new MessageBuilder();
    RpcCapnp.Release.Builder r = RpcCapnp.Message.initRoot(mb).initRelease();
    r.setId(exportId);
    r.setReferenceCount(count);
    return mb;
  }

  /**
   * The raw words of an echo Call whose parameter struct is {@code {SENTINEL; ptr0; ptr1}}:
   * ptr0 (what echo copies) is a placeholder to be replaced, ptr1 a Data blob of
   * {@code scratchWords} words whose content may be overwritten with hostile objects.
   */
  static HostileCall hostileEcho(long questionId, long targetQuestion, int scratchWords) {
    MessageBuilder mb = new MessageBuilder(256 + scratchWords, true);
    call(mb, questionId, targetQuestion, Probe.ECHO, p -> {
      var s = p.initStruct(1, 2);
      s.setLong(0, SENTINEL);
      s.getPointer(0).setData(new byte[8]);
      s.getPointer(1).setData(new byte[scratchWords * 8]);
    });
    long[] w = words(mb);
    int slot = find(w, SENTINEL) + 1;
    return new HostileCall(w, slot, target(w, slot + 1));
  }

  /**
   * An echo call's words: {@code slot} is the pointer echo copies, {@code scratch} the first
   * word of a zeroed area inside the message where hostile content can go.
   */
  record HostileCall(long[] words, int slot, int scratch) {
    byte[] frame(long[]... more) {
      long[][] all = new long[more.length + 1][];
      all[0] = words;
      System.arraycopy(more, 0, all, 1, more.length);
      return Frames.frame(all);
    }
  }
}
