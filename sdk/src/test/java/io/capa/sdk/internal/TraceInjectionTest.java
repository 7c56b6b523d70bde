package io.capa.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceInjectionTest {
  private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void apply_noTraceparent_addsOnlyTheTraceEntriesOfTheSupplier() {
    TraceInjection t = new TraceInjection(() -> Map.of("Traceparent", PARENT, "tracestate", "v=1", "baggage", "x=y"));

    Map<String, String> out = t.apply(Map.of("k", "v"));

    assertThat(out).containsOnly(Map.entry("k", "v"), Map.entry("traceparent", PARENT), Map.entry("tracestate", "v=1"));
  }

  @Test
  void apply_ownTraceparent_keepsTheRequestsAndDoesNotAsk() {
    TraceInjection t = new TraceInjection(() -> {
      throw new AssertionError("asked");
    });
    Map<String, String> own = Map.of("TRACEPARENT", PARENT);

    assertThat(t.apply(own)).isSameAs(own);
  }

  @Test
  void apply_supplierFailsOrGivesNothing_leavesTheMetadataAlone() {
    Map<String, String> md = Map.of("k", "v");

    assertThat(new TraceInjection(() -> {
      throw new IllegalStateException("no tracer");
    }).apply(md)).isSameAs(md);
    assertThat(new TraceInjection(() -> null).apply(md)).isSameAs(md);
    assertThat(TraceInjection.NONE.apply(md)).isSameAs(md);
  }
}
