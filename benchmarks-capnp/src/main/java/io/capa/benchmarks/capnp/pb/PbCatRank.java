package io.capa.benchmarks.capnp.pb;

import com.google.protobuf.InvalidProtocolBufferException;
import io.capa.benchmarks.capnp.Codec;
import io.capa.benchmarks.capnp.model.Scores;
import io.capa.benchmarks.capnp.model.SearchHit;
import io.capa.benchmarks.capnp.proto.BenchProto;
import java.util.List;

/** Search-result ranking through protobuf-java. */
public final class PbCatRank implements Codec<List<SearchHit>> {
  @Override
  public byte[] buildAndSerialize(List<SearchHit> hits) {
    BenchProto.SearchResults.Builder results = BenchProto.SearchResults.newBuilder();
    for (SearchHit h : hits) {
      results.addResults(BenchProto.SearchResult.newBuilder()
          .setUrl(h.url()).setScore(h.score()).setSnippet(h.snippet()));
    }
    return results.build().toByteArray();
  }

  @Override
  public long readAndTraverse(byte[] bytes) {
    BenchProto.SearchResults results;
    try {
      results = BenchProto.SearchResults.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e);
    }
    long total = 0;
    for (int i = 0; i < results.getResultsCount(); i++) {
      BenchProto.SearchResult r = results.getResults(i);
      total += Scores.hit(r.getUrl(), r.getScore(), r.getSnippet());
    }
    return total;
  }
}
