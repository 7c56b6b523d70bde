package io.capa.api.telemetry;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The W3C Trace Context of a call: which trace and parent span it belongs to, whether it is
 * sampled, and vendors' {@code tracestate}. Requests of the portable API carry it in their metadata
 * under {@code traceparent} and {@code tracestate}, as HTTP carries it in headers.
 *
 * <p>The constructor rejects invalid ids; {@link #parse} instead answers empty, because the W3C rule
 * for a malformed incoming header is to start a new trace, not to fail the call.
 */
public record TraceContext(String traceId, String spanId, boolean sampled, String traceState) {
  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";

  /** W3C: a tracestate has at most this many list members. */
  public static final int MAX_TRACESTATE_MEMBERS = 32;

  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern HEX2 = Pattern.compile("[0-9a-f]{2}");
  private static final String INVALID_TRACE_ID = "0".repeat(32);
  private static final String INVALID_SPAN_ID = "0".repeat(16);
  // version "00": 2 + 1 + 32 + 1 + 16 + 1 + 2
  private static final int TRACEPARENT_LENGTH = 55;

  public TraceContext {
    if (traceId == null || !TRACE_ID.matcher(traceId).matches() || traceId.equals(INVALID_TRACE_ID)) {
      throw new IllegalArgumentException("traceId must be 32 lower-case hex digits, not all zero: " + traceId);
    }
    if (spanId == null || !SPAN_ID.matcher(spanId).matches() || spanId.equals(INVALID_SPAN_ID)) {
      throw new IllegalArgumentException("spanId must be 16 lower-case hex digits, not all zero: " + spanId);
    }
    traceState = Objects.requireNonNullElse(traceState, "").strip();
    if (!validTraceState(traceState)) {
      throw new IllegalArgumentException(
          "tracestate must have at most " + MAX_TRACESTATE_MEMBERS + " key=value members: " + traceState);
    }
  }

  /** The {@code traceparent} value in version 00. */
  public String traceparent() {
    return "00-" + traceId + "-" + spanId + "-" + (sampled ? "01" : "00");
  }

  /** The same trace, with {@code spanId} as the parent of what is called next. */
  public TraceContext withSpanId(String spanId) {
    return new TraceContext(traceId, spanId, sampled, traceState);
  }

  /** {@code traceparent}, and {@code tracestate} when there is one, to add to a request's metadata. */
  public Map<String, String> toMetadata() {
    return traceState.isEmpty()
        ? Map.of(TRACEPARENT, traceparent())
        : Map.of(TRACEPARENT, traceparent(), TRACESTATE, traceState);
  }

  /**
   * Reads a {@code traceparent} header (any version but {@code ff}; fields after the fourth of a
   * future version are ignored) and its {@code tracestate}. Empty when the traceparent is absent or
   * malformed; a malformed tracestate alone is dropped.
   */
  public static Optional<TraceContext> parse(String traceparent, String tracestate) {
    if (traceparent == null) {
      return Optional.empty();
    }
    String s = traceparent.strip();
    if (s.length() < TRACEPARENT_LENGTH
        || s.charAt(2) != '-'
        || s.charAt(35) != '-'
        || s.charAt(52) != '-') {
      return Optional.empty();
    }
    String version = s.substring(0, 2);
    String traceId = s.substring(3, 35);
    String spanId = s.substring(36, 52);
    String flags = s.substring(53, 55);
    if (!HEX2.matcher(version).matches() || version.equals("ff") || !HEX2.matcher(flags).matches()) {
      return Optional.empty();
    }
    // Version 00 has exactly four fields; a later version may append fields after another '-'.
    boolean lengthFits =
        version.equals("00")
            ? s.length() == TRACEPARENT_LENGTH
            : s.length() == TRACEPARENT_LENGTH || s.charAt(TRACEPARENT_LENGTH) == '-';
    if (!lengthFits) {
      return Optional.empty();
    }
    if (!TRACE_ID.matcher(traceId).matches() || traceId.equals(INVALID_TRACE_ID)
        || !SPAN_ID.matcher(spanId).matches() || spanId.equals(INVALID_SPAN_ID)) {
      return Optional.empty();
    }
    boolean sampled = (Integer.parseInt(flags, 16) & 1) == 1;
    String state = tracestate == null ? "" : tracestate.strip();
    return Optional.of(new TraceContext(traceId, spanId, sampled, validTraceState(state) ? state : ""));
  }

  /** Reads the context from request metadata, whatever the case of the keys (they may be HTTP headers). */
  public static Optional<TraceContext> fromMetadata(Map<String, String> metadata) {
    String parent = null;
    String state = null;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (key.equals(TRACEPARENT)) {
        parent = e.getValue();
      } else if (key.equals(TRACESTATE)) {
        state = e.getValue();
      }
    }
    return parse(parent, state);
  }

  private static boolean validTraceState(String state) {
    if (state.isEmpty()) {
      return true;
    }
    int members = 0;
    for (String member : state.split(",", -1)) {
      String m = member.strip();
      if (m.isEmpty()) {
        continue; // W3C allows empty list members
      }
      int eq = m.indexOf('=');
      if (eq <= 0 || eq == m.length() - 1 || m.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
        return false;
      }
      members++;
    }
    return members <= MAX_TRACESTATE_MEMBERS;
  }
}
