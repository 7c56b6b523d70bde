package io.capa.api.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceContextTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";

  @Test
  void parse_validSampledHeader_readsAllFields() {
    TraceContext c = TraceContext.parse("00-" + TRACE_ID + "-" + SPAN_ID + "-01", "congo=t61rcWkgMzE").orElseThrow();
    assertThat(c.traceId()).isEqualTo(TRACE_ID);
    assertThat(c.spanId()).isEqualTo(SPAN_ID);
    assertThat(c.sampled()).isTrue();
    assertThat(c.traceState()).isEqualTo("congo=t61rcWkgMzE");
  }

  @Test
  void parse_traceparent_roundTrips() {
    String header = "00-" + TRACE_ID + "-" + SPAN_ID + "-00";
    TraceContext c = TraceContext.parse(header, null).orElseThrow();
    assertThat(c.sampled()).isFalse();
    assertThat(c.traceparent()).isEqualTo(header);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "garbage",
        "00-" + TRACE_ID + "-" + SPAN_ID + "-0",
        "00-" + TRACE_ID + "-" + SPAN_ID + "-01-extra",
        "ff-" + TRACE_ID + "-" + SPAN_ID + "-01",
        "00-00000000000000000000000000000000-" + SPAN_ID + "-01",
        "00-" + TRACE_ID + "-0000000000000000-01",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-" + SPAN_ID + "-01",
        "00_" + TRACE_ID + "-" + SPAN_ID + "-01",
        "0g-" + TRACE_ID + "-" + SPAN_ID + "-01",
        "00-" + TRACE_ID + "-" + SPAN_ID + "-zz"
      })
  void parse_malformedTraceparent_isEmpty(String header) {
    assertThat(TraceContext.parse(header, "a=b")).isEmpty();
  }

  @Test
  void parse_futureVersionWithMoreFields_readsKnownFields() {
    assertThat(TraceContext.parse("01-" + TRACE_ID + "-" + SPAN_ID + "-01-future", null))
        .hasValueSatisfying(c -> assertThat(c.traceparent()).startsWith("00-" + TRACE_ID));
  }

  @Test
  void parse_malformedTracestate_dropsOnlyTracestate() {
    TraceContext c = TraceContext.parse("00-" + TRACE_ID + "-" + SPAN_ID + "-01", "novalue").orElseThrow();
    assertThat(c.traceState()).isEmpty();
    assertThat(c.traceId()).isEqualTo(TRACE_ID);
  }

  @Test
  void constructor_tooManyTracestateMembers_rejected() {
    String state =
        IntStream.rangeClosed(1, TraceContext.MAX_TRACESTATE_MEMBERS + 1)
            .mapToObj(i -> "k" + i + "=v")
            .collect(Collectors.joining(","));
    assertThatThrownBy(() -> new TraceContext(TRACE_ID, SPAN_ID, true, state))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tracestate");
  }

  @Test
  void constructor_upperCaseTraceId_namesTraceId() {
    assertThatThrownBy(() -> new TraceContext(TRACE_ID.toUpperCase(), SPAN_ID, true, null))
        .hasMessageContaining("traceId");
  }

  @Test
  void constructor_zeroSpanId_namesSpanId() {
    assertThatThrownBy(() -> new TraceContext(TRACE_ID, "0000000000000000", true, null))
        .hasMessageContaining("spanId");
  }

  @Test
  void fromMetadata_headerCaseKeys_found() {
    TraceContext c =
        TraceContext.fromMetadata(
                Map.of("Traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01", "TraceState", "a=b"))
            .orElseThrow();
    assertThat(c.toMetadata())
        .containsEntry(TraceContext.TRACEPARENT, "00-" + TRACE_ID + "-" + SPAN_ID + "-01")
        .containsEntry(TraceContext.TRACESTATE, "a=b");
  }

  @Test
  void withSpanId_keepsTraceAndState() {
    TraceContext c = new TraceContext(TRACE_ID, SPAN_ID, true, "a=b").withSpanId("b7ad6b7169203331");
    assertThat(c.traceparent()).isEqualTo("00-" + TRACE_ID + "-b7ad6b7169203331-01");
    assertThat(c.traceState()).isEqualTo("a=b");
  }
}
