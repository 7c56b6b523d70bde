package io.capa.benchmarks.capnp.cj;

import org.capnproto.SegmentBuilder;
import org.capnproto.SegmentReader;
import org.capnproto.StructFactory;
import org.capnproto.StructList;
import org.capnproto.StructSize;
import org.capnproto.Text;

/**
 * Accessors over capnproto-java's runtime for SearchResult and SearchResults of bench.capnp,
 * shaped like its generator's output (offsets from {@code capnp compile -ocapnp}).
 */
final class CatRankSchema {
  private CatRankSchema() {
  }

  static final class SearchResult {
    static final StructSize STRUCT_SIZE = new StructSize((short) 1, (short) 2);
    static final Factory FACTORY = new Factory();
    static final StructList.Factory<Builder, Reader> LIST_FACTORY = new StructList.Factory<>(FACTORY);

    private SearchResult() {
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

      void setUrl(String value) {
        _setPointerField(Text.factory, 0, new Text.Reader(value));
      }

      void setScore(double value) {
        _setDoubleField(0, value);
      }

      void setSnippet(String value) {
        _setPointerField(Text.factory, 1, new Text.Reader(value));
      }
    }

    static final class Reader extends org.capnproto.StructReader {
      Reader(SegmentReader segment, int data, int pointers, int dataSize, short pointerCount, int nestingLimit) {
        super(segment, data, pointers, dataSize, pointerCount, nestingLimit);
      }

      Text.Reader getUrl() {
        return _getPointerField(Text.factory, 0, null, 0, 0);
      }

      double getScore() {
        return _getDoubleField(0);
      }

      Text.Reader getSnippet() {
        return _getPointerField(Text.factory, 1, null, 0, 0);
      }
    }
  }

  static final class SearchResults {
    static final StructSize STRUCT_SIZE = new StructSize((short) 0, (short) 1);
    static final Factory FACTORY = new Factory();

    private SearchResults() {
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

      StructList.Builder<SearchResult.Builder> initResults(int size) {
        return _initPointerField(SearchResult.LIST_FACTORY, 0, size);
      }
    }

    static final class Reader extends org.capnproto.StructReader {
      Reader(SegmentReader segment, int data, int pointers, int dataSize, short pointerCount, int nestingLimit) {
        super(segment, data, pointers, dataSize, pointerCount, nestingLimit);
      }

      StructList.Reader<SearchResult.Reader> getResults() {
        return _getPointerField(SearchResult.LIST_FACTORY, 0, null, 0);
      }
    }
  }
}
