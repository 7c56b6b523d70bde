package io.capa.benchmarks.sidecar;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * INTERNAL API: failed calls counted by cause, so a benchmark can say why calls failed rather than
 * only how many. Actor ids are masked in the message ({@code Counter/c17} becomes {@code Counter/*})
 * so that one cause is one row however many actors it hit.
 */
public final class Failures {
  private final Map<String, LongAdder> byCause = new ConcurrentHashMap<>();

  /** Issues the call and counts its failure, if any; the stage is returned unchanged. */
  public <T> CompletionStage<T> watch(Supplier<CompletionStage<T>> call) {
    CompletionStage<T> stage;
    try {
      stage = call.get();
    } catch (RuntimeException e) {
      count(e);
      throw e;
    }
    stage.whenComplete((v, e) -> {
      if (e != null) {
        count(e);
      }
    });
    return stage;
  }

  void count(Throwable e) {
    Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    byCause.computeIfAbsent(mask(String.valueOf(c.getMessage())), k -> new LongAdder()).increment();
  }

  static String mask(String message) {
    return message.replaceAll("(\\w+)/[^\\s/]+", "$1/*");
  }

  /** The counts so far, cause by cause, and forgets them. */
  public Map<String, Long> drain() {
    Map<String, Long> out = byCause.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, en -> en.getValue().sum()));
    byCause.clear();
    return out;
  }
}
