package io.capa.benchmarks.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * INTERNAL API: collects the figure of each round per contender, so a benchmark can alternate the
 * runtime and its peer round by round (a slow phase of the machine then hits both) and report the
 * median of each and their ratio.
 */
public final class Rounds {
  private final Map<String, List<Double>> byContender = new LinkedHashMap<>();

  public void add(String contender, double value) {
    byContender.computeIfAbsent(contender, k -> new ArrayList<>()).add(value);
  }

  public double median(String contender) {
    return Table.median(byContender.getOrDefault(contender, List.of()));
  }

  public List<Double> all(String contender) {
    return List.copyOf(byContender.getOrDefault(contender, List.of()));
  }
}
