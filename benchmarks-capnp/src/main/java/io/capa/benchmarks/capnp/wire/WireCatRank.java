package io.capa.benchmarks.capnp.wire;

import io.capa.benchmarks.capnp.Codec;
import io.capa.benchmarks.capnp.gen.BenchCapnp;
import io.capa.benchmarks.capnp.model.Scores;
import io.capa.benchmarks.capnp.model.SearchHit;
import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.ReaderOptions;
import java.nio.ByteBuffer;
import java.util.List;

/** Search-result ranking through capnp-wire's generated code. */
public final class WireCatRank implements Codec<List<SearchHit>> {
  @Override
  public byte[] buildAndSerialize(List<SearchHit> hits) {
    MessageBuilder message = new MessageBuilder();
    List<BenchCapnp.SearchResult.Builder> list = BenchCapnp.SearchResults.initRoot(message).initResults(hits.size());
    for (int i = 0; i < hits.size(); i++) {
      SearchHit h = hits.get(i);
      BenchCapnp.SearchResult.Builder b = list.get(i);
      b.setUrl(h.url());
      b.setScore(h.score());
      b.setSnippet(h.snippet());
    }
    return Framing.toByteArray(message);
  }

  @Override
  public long readAndTraverse(byte[] bytes) {
    BenchCapnp.SearchResults.Reader results =
        BenchCapnp.SearchResults.read(Framing.read(ByteBuffer.wrap(bytes), ReaderOptions.DEFAULT));
    long total = 0;
    List<BenchCapnp.SearchResult.Reader> list = results.getResults();
    for (int i = 0; i < list.size(); i++) {
      BenchCapnp.SearchResult.Reader r = list.get(i);
      total += Scores.hit(r.getUrl(), r.getScore(), r.getSnippet());
    }
    return total;
  }
}
