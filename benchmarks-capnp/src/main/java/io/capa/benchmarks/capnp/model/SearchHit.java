package io.capa.benchmarks.capnp.model;

import java.util.Objects;

/** One ranked result of the search message (SearchResult in bench.capnp). */
public record SearchHit(String url, double score, String snippet) {
  public SearchHit {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(snippet, "snippet");
  }
}
