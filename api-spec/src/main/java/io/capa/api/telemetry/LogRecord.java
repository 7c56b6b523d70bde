package io.capa.api.telemetry;

import io.capa.api.internal.Checks;
import java.time.Instant;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;

/**
 * One log record an application emits through the runtime.
 *
 * @param trace the call the record belongs to, so backends can show logs next to the trace
 */
public record LogRecord(
    Instant timestamp, Severity severity, String body, Map<String, String> attributes, Optional<TraceContext> trace) {
  public LogRecord {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(severity, "severity");
    body = Objects.requireNonNullElse(body, "");
    attributes = Checks.metadata(attributes, "log attributes");
    trace = Objects.requireNonNullElse(trace, Optional.empty());
  }

  public static LogRecord of(Severity severity, String body) {
    return new LogRecord(Instant.now(), severity, body, Map.of(), Optional.empty());
  }
}
