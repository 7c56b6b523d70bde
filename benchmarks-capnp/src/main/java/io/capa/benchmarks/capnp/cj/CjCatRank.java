package io.capa.benchmarks.capnp.cj;

import io.capa.benchmarks.capnp.Codec;
import io.capa.benchmarks.capnp.model.Scores;
import io.capa.benchmarks.capnp.model.SearchHit;
import java.util.List;
import org.capnproto.MessageBuilder;
import org.capnproto.StructList;

/** Search-result ranking through capnproto-java and {@link CatRankSchema}. */
public final class CjCatRank implements Codec<List<SearchHit>> {
  @Override
  public byte[] buildAndSerialize(List<SearchHit> hits) {
    MessageBuilder message = new MessageBuilder();
    StructList.Builder<CatRankSchema.SearchResult.Builder> list =
        message.initRoot(CatRankSchema.SearchResults.FACTORY).initResults(hits.size());
    for (int i = 0; i < hits.size(); i++) {
      SearchHit h = hits.get(i);
      CatRankSchema.SearchResult.Builder b = list.get(i);
      b.setUrl(h.url());
      b.setScore(h.score());
      b.setSnippet(h.snippet());
    }
    return CjIo.toBytes(message);
  }

  @Override
  public long readAndTraverse(byte[] bytes) {
    CatRankSchema.SearchResults.Reader results = CjIo.read(bytes).getRoot(CatRankSchema.SearchResults.FACTORY);
    long total = 0;
    StructList.Reader<CatRankSchema.SearchResult.Reader> list = results.getResults();
    for (int i = 0; i < list.size(); i++) {
      CatRankSchema.SearchResult.Reader r = list.get(i);
      total += Scores.hit(r.getUrl().toString(), r.getScore(), r.getSnippet().toString());
    }
    return total;
  }
}
