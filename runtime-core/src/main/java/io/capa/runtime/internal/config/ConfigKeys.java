package io.capa.runtime.internal.config;

import static io.capa.runtime.internal.config.ValueType.bool;
import static io.capa.runtime.internal.config.ValueType.byteSize;
import static io.capa.runtime.internal.config.ValueType.duration;
import static io.capa.runtime.internal.config.ValueType.intBetween;
import static io.capa.runtime.internal.config.ValueType.oneOf;
import static io.capa.runtime.internal.config.ValueType.port;
import static io.capa.runtime.internal.config.ValueType.ratio;
import static io.capa.runtime.internal.config.ValueType.secret;
import static io.capa.runtime.internal.config.ValueType.text;
import static io.capa.runtime.internal.config.ValueType.textList;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * INTERNAL API: the one table that maps the user-facing YAML keys onto HOCON paths. Adding a YAML
 * setting means adding a row here; the defaults stay in the owning module's {@code reference.conf}.
 */
final class ConfigKeys {
  /** One YAML leaf: its dotted camelCase key, the HOCON path it sets, and its type. */
  record Key(String yaml, String hocon, ValueType type) {}

  private static final int MAX_INT = Integer.MAX_VALUE;

  static final List<Key> KEYS =
      List.of(
          new Key("mode", "capa.mode", oneOf("sidecar", "proxyless")),
          new Key("appId", "capa.app-id", text()),
          new Key("dataDir", "capa.data-dir", text()),
          new Key("components.path", "capa.components.path", text()),
          new Key("sidecar.appPort", "capa.app.port", port()),
          new Key("app.port", "capa.app.port", port()),
          new Key("app.host", "capa.app.host", text()),
          new Key("sidecar.host", "capa.http.host", text()),
          new Key("sidecar.port", "capa.http.port", port()),
          new Key("sidecar.grpcPort", "capa.rpc.port", port()),
          new Key("sidecar.grpcHost", "capa.rpc.host", text()),
          new Key("sidecar.tls.enabled", "capa.rpc.tls.enabled", bool()),
          new Key("sidecar.tls.keyStore", "capa.rpc.tls.key-store", text()),
          new Key("sidecar.tls.keyStorePassword", "capa.rpc.tls.key-store-password", secret()),
          new Key("sidecar.tls.keyStoreType", "capa.rpc.tls.key-store-type", oneOf("PKCS12", "JKS")),
          new Key("sidecar.metricsPort", "capa.metrics.port", port()),
          new Key("sidecar.maxRequestBytes", "capa.http.max-request-bytes", byteSize()),
          new Key("sidecar.apiToken", "capa.http.api-token", secret()),
          new Key("persistence.backend", "capa.persistence.backend", oneOf("h2", "postgres", "mariadb", "redis")),
          new Key("persistence.url", "capa.persistence.url", text()),
          new Key("persistence.user", "capa.persistence.user", text()),
          new Key("persistence.password", "capa.persistence.password", secret()),
          new Key("persistence.plugins.journal", "capa.persistence.plugins.journal", text()),
          new Key("persistence.plugins.snapshot", "capa.persistence.plugins.snapshot", text()),
          new Key("persistence.plugins.state", "capa.persistence.plugins.state", text()),
          new Key("cluster.host", "capa.cluster.host", text()),
          new Key("cluster.port", "capa.cluster.port", port()),
          new Key("cluster.seedNodes", "capa.cluster.seed-nodes", textList()),
          new Key(
              "cluster.splitBrainResolver.strategy",
              "capa.cluster.sbr.strategy",
              oneOf("keep-majority", "static-quorum", "keep-oldest", "down-all", "lease-majority")),
          new Key("cluster.splitBrainResolver.stableAfter", "capa.cluster.sbr.stable-after", duration()),
          new Key("actors.idleTimeout", "capa.actors.idle-timeout", duration()),
          new Key("actors.activeEntityLimit", "capa.actors.active-entity-limit", intBetween(1, MAX_INT)),
          new Key("actors.callTimeout", "capa.actors.call-timeout", duration()),
          new Key("actors.maxPayloadBytes", "capa.actors.max-payload-bytes", byteSize()),
          new Key("actors.reentrancy.enabled", "capa.actors.reentrancy.enabled", bool()),
          new Key("actors.reentrancy.maxDepth", "capa.actors.reentrancy.max-depth", intBetween(1, MAX_INT)),
          new Key("actors.reminders.partitions", "capa.actors.reminders.partitions", intBetween(1, MAX_INT)),
          new Key("tracing.enabled", "capa.telemetry.enabled", bool()),
          new Key("tracing.samplingRate", "capa.telemetry.sampling-ratio", ratio()),
          new Key("tracing.otel.endpointAddress", "capa.telemetry.otlp.endpoint", text()),
          new Key(
              "tracing.otel.protocol", "capa.telemetry.otlp.protocol", oneOf("grpc", "http", "http/protobuf", "in-memory")),
          new Key("tracing.otel.isSecure", "capa.telemetry.otlp.secure", bool()),
          new Key("traffic.interception.enabled", "capa.traffic.interception.enabled", bool()),
          new Key("traffic.interception.port", "capa.traffic.interception.port", port()),
          new Key("proxyless.directConnection", "capa.proxyless.direct-connection", bool()),
          new Key("proxyless.sdkEndpoints", "capa.proxyless.sdk-endpoints", textList()));

  static final Map<String, Key> BY_YAML = index();

  /** Every mapping that holds keys ({@code ""} is the document root), with the names allowed in it. */
  static final Map<String, Set<String>> SECTIONS = sections();

  private ConfigKeys() {}

  private static Map<String, Key> index() {
    Map<String, Key> map = new LinkedHashMap<>();
    for (Key k : KEYS) {
      if (map.put(k.yaml(), k) != null) {
        throw new IllegalStateException("duplicate YAML key in table: " + k.yaml());
      }
    }
    return Map.copyOf(map);
  }

  private static Map<String, Set<String>> sections() {
    Map<String, Set<String>> map = new LinkedHashMap<>();
    for (Key k : KEYS) {
      String[] parts = k.yaml().split("\\.");
      String prefix = "";
      for (String part : parts) {
        map.computeIfAbsent(prefix, p -> new TreeSet<>()).add(part);
        prefix = prefix.isEmpty() ? part : prefix + "." + part;
      }
    }
    return Map.copyOf(map);
  }
}
