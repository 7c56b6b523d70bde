package io.capa.sidecar.protocol.internal;

import io.capa.api.telemetry.LogRecord;
import io.capa.api.telemetry.MetricKind;
import io.capa.api.telemetry.MetricPoint;
import io.capa.api.telemetry.Severity;
import io.capa.api.telemetry.TraceContext;
import io.capa.sidecar.protocol.RuntimeProtocol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** INTERNAL API: the telemetry building block's records to and from runtime.capnp. */
public final class TelemetryConvert {
  private static final long NANOS = 1_000_000_000L;

  private TelemetryConvert() {}

  static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), NANOS), t.getNano());
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS), Math.floorMod(nanos, NANOS));
  }

  public static void logs(List<LogRecord> records, List<RuntimeProtocol.LogRecord.Builder> out) {
    for (int i = 0; i < records.size(); i++) {
      LogRecord r = records.get(i);
      RuntimeProtocol.LogRecord.Builder b = out.get(i);
      b.setTimestampNanos(nanos(r.timestamp()));
      b.setSeverity(RuntimeProtocol.Severity.values()[r.severity().ordinal()]);
      b.setBody(r.body());
      Convert.entries(r.attributes(), b.initAttributes(r.attributes().size()));
      b.setTraceparent(r.trace().map(TraceContext::traceparent).orElse(""));
      b.setTracestate(r.trace().map(TraceContext::traceState).orElse(""));
    }
  }

  /** An unknown severity (a newer schema) reads as INFO; a malformed trace context as none, as W3C asks. */
  public static List<LogRecord> logs(List<RuntimeProtocol.LogRecord.Reader> in) {
    List<LogRecord> out = new ArrayList<>(in.size());
    for (RuntimeProtocol.LogRecord.Reader r : in) {
      RuntimeProtocol.Severity s = r.getSeverity();
      Severity severity = s == RuntimeProtocol.Severity._NOT_IN_SCHEMA ? Severity.INFO : Severity.values()[s.ordinal()];
      Optional<TraceContext> trace = r.getTraceparent().isEmpty() ? Optional.empty()
          : TraceContext.parse(r.getTraceparent(), r.getTracestate());
      out.add(new LogRecord(instant(r.getTimestampNanos()), severity, r.getBody(), Convert.entries(r.getAttributes()), trace));
    }
    return out;
  }

  public static void metrics(List<MetricPoint> points, List<RuntimeProtocol.MetricPoint.Builder> out) {
    for (int i = 0; i < points.size(); i++) {
      MetricPoint p = points.get(i);
      RuntimeProtocol.MetricPoint.Builder b = out.get(i);
      b.setName(p.name());
      b.setKind(RuntimeProtocol.MetricKind.values()[p.kind().ordinal()]);
      b.setValue(p.value());
      b.setUnit(p.unit());
      Convert.entries(p.attributes(), b.initAttributes(p.attributes().size()));
      b.setTimestampNanos(nanos(p.timestamp()));
    }
  }

  public static List<MetricPoint> metrics(List<RuntimeProtocol.MetricPoint.Reader> in) {
    List<MetricPoint> out = new ArrayList<>(in.size());
    for (RuntimeProtocol.MetricPoint.Reader r : in) {
      RuntimeProtocol.MetricKind k = r.getKind();
      if (k == RuntimeProtocol.MetricKind._NOT_IN_SCHEMA) {
        throw new IllegalArgumentException("metric '" + r.getName() + "' has a kind this runtime does not know");
      }
      out.add(new MetricPoint(r.getName(), MetricKind.values()[k.ordinal()], r.getValue(), r.getUnit(),
          Convert.entries(r.getAttributes()), instant(r.getTimestampNanos())));
    }
    return out;
  }
}
