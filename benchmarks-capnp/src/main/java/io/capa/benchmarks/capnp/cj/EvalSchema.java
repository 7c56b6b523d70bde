package io.capa.benchmarks.capnp.cj;

import org.capnproto.SegmentBuilder;
import org.capnproto.SegmentReader;
import org.capnproto.StructFactory;
import org.capnproto.StructSize;

/**
 * Accessors over capnproto-java's runtime for BinaryOp and Expression of bench.capnp (the
 * union's tag is the UInt16 at bits 32..48; binary and negate share pointer 0).
 */
final class EvalSchema {
  private EvalSchema() {
  }

  static final class BinaryOp {
    static final StructSize STRUCT_SIZE = new StructSize((short) 1, (short) 2);
    static final Factory FACTORY = new Factory();

    private BinaryOp() {
    }

    static final class Factory extends StructFactory<Builder, Reader> {
      @Override
      public Reader constructReader(SegmentReader segment, int data, int pointers, int dataSize,
          short pointerCount, int nestingLimit) {
        return new Reader(segment, data, pointers, dataSize, pointerCount, nestingLimit);
      }

      @Override
      public Builder constructBuilder(SegmentBuilder segment, int data, int pointers, int dataSize,
          short pointerCount) {
        return new Builder(segment, data, pointers, dataSize, pointerCount);
      }

      @Override
      public StructSize structSize() {
        return STRUCT_SIZE;
      }

      @Override
      public Reader asReader(Builder builder) {
        return builder.asReader();
      }
    }

    static final class Builder extends org.capnproto.StructBuilder {
      Builder(SegmentBuilder segment, int data, int pointers, int dataSize, short pointerCount) {
        super(segment, data, pointers, dataSize, pointerCount);
      }

      Reader asReader() {
        return new Reader(segment, data, pointers, dataSize, pointerCount, Integer.MAX_VALUE);
      }

      void setOp(int ordinal) {
        _setShortField(0, (short) ordinal);
      }

      Expression.Builder initLeft() {
        return _initPointerField(Expression.FACTORY, 0, 0);
      }

      Expression.Builder initRight() {
        return _initPointerField(Expression.FACTORY, 1, 0);
      }
    }

    static final class Reader extends org.capnproto.StructReader {
      Reader(SegmentReader segment, int data, int pointers, int dataSize, short pointerCount, int nestingLimit) {
        super(segment, data, pointers, dataSize, pointerCount, nestingLimit);
      }

      int getOp() {
        return _getShortField(0) & 0xFFFF;
      }

      Expression.Reader getLeft() {
        return _getPointerField(Expression.FACTORY, 0, null, 0);
      }

      Expression.Reader getRight() {
        return _getPointerField(Expression.FACTORY, 1, null, 0);
      }
    }
  }

  static final class Expression {
    static final int LITERAL = 0;
    static final int BINARY = 1;
    static final int NEGATE = 2;
    static final StructSize STRUCT_SIZE = new StructSize((short) 1, (short) 1);
    static final Factory FACTORY = new Factory();

    private Expression() {
    }

    static final class Factory extends StructFactory<Builder, Reader> {
      @Override
      public Reader constructReader(SegmentReader segment, int data, int pointers, int dataSize,
          short pointerCount, int nestingLimit) {
        return new Reader(segment, data, pointers, dataSize, pointerCount, nestingLimit);
      }

      @Override
      public Builder constructBuilder(SegmentBuilder segment, int data, int pointers, int dataSize,
          short pointerCount) {
        return new Builder(segment, data, pointers, dataSize, pointerCount);
      }

      @Override
      public StructSize structSize() {
        return STRUCT_SIZE;
      }

      @Override
      public Reader asReader(Builder builder) {
        return builder.asReader();
      }
    }

    static final class Builder extends org.capnproto.StructBuilder {
      Builder(SegmentBuilder segment, int data, int pointers, int dataSize, short pointerCount) {
        super(segment, data, pointers, dataSize, pointerCount);
      }

      Reader asReader() {
        return new Reader(segment, data, pointers, dataSize, pointerCount, Integer.MAX_VALUE);
      }

      void setLiteral(int value) {
        _setShortField(2, (short) LITERAL);
        _setIntField(0, value);
      }

      BinaryOp.Builder initBinary() {
        _setShortField(2, (short) BINARY);
        return _initPointerField(BinaryOp.FACTORY, 0, 0);
      }

      Expression.Builder initNegate() {
        _setShortField(2, (short) NEGATE);
        return _initPointerField(Expression.FACTORY, 0, 0);
      }
    }

    static final class Reader extends org.capnproto.StructReader {
      Reader(SegmentReader segment, int data, int pointers, int dataSize, short pointerCount, int nestingLimit) {
        super(segment, data, pointers, dataSize, pointerCount, nestingLimit);
      }

      int which() {
        return _getShortField(2) & 0xFFFF;
      }

      int getLiteral() {
        return _getIntField(0);
      }

      BinaryOp.Reader getBinary() {
        return _getPointerField(BinaryOp.FACTORY, 0, null, 0);
      }

      Expression.Reader getNegate() {
        return _getPointerField(Expression.FACTORY, 0, null, 0);
      }
    }
  }
}
