package io.capa.api.telemetry;

/** Log severity, in the six ranges OpenTelemetry defines. */
public enum Severity {
  TRACE,
  DEBUG,
  INFO,
  WARN,
  ERROR,
  FATAL
}
