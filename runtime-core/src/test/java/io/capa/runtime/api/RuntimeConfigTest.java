package io.capa.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeConfigTest {
  private static final String FULL =
      String.join(
          "\n",
          "mode: proxyless",
          "appId: orders",
          "dataDir: /var/lib/capa",
          "sidecar:",
          "  host: 0.0.0.0",
          "  port: 3600",
          "  grpcPort: 50002",
          "  metricsPort: 9191",
          "  maxRequestBytes: 8MiB",
          "  apiToken: s3cret",
          "persistence:",
          "  backend: postgres",
          "  url: jdbc:postgresql://127.0.0.1:5432/test",
          "  user: postgres",
          "  password: ''",
          "  plugins:",
          "    journal: capa.journal.jdbc",
          "    snapshot: capa.snapshot.jdbc",
          "    state: capa.state.jdbc",
          "cluster:",
          "  host: 10.0.0.5",
          "  port: 2552",
          "  seedNodes: [10.0.0.5:2552, 10.0.0.6:2552]",
          "  splitBrainResolver:",
          "    strategy: keep-oldest",
          "    stableAfter: 30s",
          "actors:",
          "  idleTimeout: 1h30m",
          "  activeEntityLimit: 100000",
          "  callTimeout: PT60M",
          "  maxPayloadBytes: 1048576",
          "  reentrancy:",
          "    enabled: true",
          "    maxDepth: 8",
          "  reminders:",
          "    partitions: 64",
          "tracing:",
          "  enabled: true",
          "  samplingRate: \"0.25\"",
          "  otel:",
          "    endpointAddress: collector:4317",
          "    protocol: grpc",
          "    isSecure: false",
          "traffic:",
          "  interception:",
          "    enabled: false",
          "    port: 15001",
          "proxyless:",
          "  directConnection: yes",
          "  sdkEndpoints:",
          "    - 127.0.0.1:7000",
          "");

  @Test
  void load_mapsEveryYamlKeyOntoItsHoconPath() {
    Config c = RuntimeConfig.load(FULL, "config.yaml");

    assertThat(c.getString("capa.mode")).isEqualTo("proxyless");
    assertThat(c.getString("capa.app-id")).isEqualTo("orders");
    assertThat(c.getString("capa.data-dir")).isEqualTo("/var/lib/capa");
    assertThat(c.getString("capa.http.host")).isEqualTo("0.0.0.0");
    assertThat(c.getInt("capa.http.port")).isEqualTo(3600);
    assertThat(c.getInt("capa.rpc.port")).isEqualTo(50002);
    assertThat(c.getInt("capa.metrics.port")).isEqualTo(9191);
    assertThat(c.getBytes("capa.http.max-request-bytes")).isEqualTo(8L * 1024 * 1024);
    assertThat(c.getString("capa.http.api-token")).isEqualTo("s3cret");
    assertThat(c.getString("capa.persistence.backend")).isEqualTo("postgres");
    assertThat(c.getString("capa.persistence.url")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    assertThat(c.getString("capa.persistence.user")).isEqualTo("postgres");
    assertThat(c.getString("capa.persistence.password")).isEmpty();
    assertThat(c.getString("capa.persistence.plugins.journal")).isEqualTo("capa.journal.jdbc");
    assertThat(c.getString("capa.persistence.plugins.snapshot")).isEqualTo("capa.snapshot.jdbc");
    assertThat(c.getString("capa.persistence.plugins.state")).isEqualTo("capa.state.jdbc");
    assertThat(c.getString("capa.cluster.host")).isEqualTo("10.0.0.5");
    assertThat(c.getInt("capa.cluster.port")).isEqualTo(2552);
    assertThat(c.getStringList("capa.cluster.seed-nodes")).containsExactly("10.0.0.5:2552", "10.0.0.6:2552");
    assertThat(c.getString("capa.cluster.sbr.strategy")).isEqualTo("keep-oldest");
    assertThat(c.getDuration("capa.cluster.sbr.stable-after")).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.getDuration("capa.actors.idle-timeout")).isEqualTo(Duration.ofMinutes(90));
    assertThat(c.getInt("capa.actors.active-entity-limit")).isEqualTo(100000);
    assertThat(c.getDuration("capa.actors.call-timeout")).isEqualTo(Duration.ofMinutes(60));
    assertThat(c.getBytes("capa.actors.max-payload-bytes")).isEqualTo(1048576L);
    assertThat(c.getBoolean("capa.actors.reentrancy.enabled")).isTrue();
    assertThat(c.getInt("capa.actors.reentrancy.max-depth")).isEqualTo(8);
    assertThat(c.getInt("capa.actors.reminders.partitions")).isEqualTo(64);
    assertThat(c.getBoolean("capa.telemetry.enabled")).isTrue();
    assertThat(c.getDouble("capa.telemetry.sampling-ratio")).isEqualTo(0.25);
    assertThat(c.getString("capa.telemetry.otlp.endpoint")).isEqualTo("collector:4317");
    assertThat(c.getString("capa.telemetry.otlp.protocol")).isEqualTo("grpc");
    assertThat(c.getBoolean("capa.telemetry.otlp.secure")).isFalse();
    assertThat(c.getBoolean("capa.traffic.interception.enabled")).isFalse();
    assertThat(c.getInt("capa.traffic.interception.port")).isEqualTo(15001);
    assertThat(c.getBoolean("capa.proxyless.direct-connection")).isTrue();
    assertThat(c.getStringList("capa.proxyless.sdk-endpoints")).containsExactly("127.0.0.1:7000");
  }

  @Test
  void load_withoutFile_givesReferenceDefaults() {
    Config c = RuntimeConfig.load(Optional.empty());

    assertThat(c.getString("capa.mode")).isEqualTo("sidecar");
    assertThat(c.getString("capa.app-id")).isEqualTo("capa");
    assertThat(c.getString("capa.data-dir")).isEqualTo("./data");
    assertThat(c.getString("capa.http.host")).isEqualTo("127.0.0.1");
    assertThat(c.getInt("capa.http.port")).isEqualTo(3500);
    assertThat(c.getBytes("capa.http.max-request-bytes")).isEqualTo(4L * 1024 * 1024);
    assertThat(c.getInt("capa.rpc.port")).isEqualTo(50001);
    assertThat(c.getInt("capa.metrics.port")).isEqualTo(9090);
    assertThat(c.getStringList("capa.cluster.seed-nodes")).isEmpty();
    // Pekko's own reference.conf is layered in too.
    assertThat(c.hasPath("pekko.actor.provider")).isTrue();
  }

  @Test
  void load_partialFile_keepsDefaultsForOtherKeys() {
    Config c = RuntimeConfig.load("sidecar:\n  port: 3501\n", "config.yaml");

    assertThat(c.getInt("capa.http.port")).isEqualTo(3501);
    assertThat(c.getInt("capa.metrics.port")).isEqualTo(9090);
    assertThat(c.getString("capa.http.host")).isEqualTo("127.0.0.1");
  }

  @Test
  void load_fromFile_readsItAndNamesItInErrors(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, "appId: billing\n");
    assertThat(RuntimeConfig.load(Optional.of(file)).getString("capa.app-id")).isEqualTo("billing");

    Files.writeString(file, "appId: billing\nsidecar:\n  port: 70000\n");
    assertThatThrownBy(() -> RuntimeConfig.load(Optional.of(file)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":3: sidecar.port: expected an integer between 0 and 65535, got \"70000\"");
  }

  @Test
  void load_missingFile_failsNamingTheFile(@TempDir Path dir) {
    Path file = dir.resolve("absent.yaml");
    assertThatThrownBy(() -> RuntimeConfig.load(Optional.of(file)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": cannot read the file");
  }

  @Test
  void load_emptyDocument_givesDefaults() {
    assertThat(RuntimeConfig.load("# nothing yet\n", "config.yaml").getInt("capa.http.port")).isEqualTo(3500);
    assertThat(RuntimeConfig.load("sidecar:\n", "config.yaml").getInt("capa.http.port")).isEqualTo(3500);
  }

  @Test
  void load_systemPropertyOverridesYaml() {
    System.setProperty("capa.http.port", "4000");
    ConfigFactory.invalidateCaches(); // system properties are cached once read
    try {
      assertThat(RuntimeConfig.load("sidecar:\n  port: 3501\n", "c.yaml").getInt("capa.http.port")).isEqualTo(4000);
    } finally {
      System.clearProperty("capa.http.port");
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void load_durations_acceptGoAndIsoAndWriteMilliseconds() {
    Config c = RuntimeConfig.load(
        "actors:\n  idleTimeout: 500ms\n  callTimeout: pt1.5s\ncluster:\n  splitBrainResolver:\n    stableAfter: 60m\n",
        "c.yaml");

    assertThat(c.getDuration("capa.actors.idle-timeout")).isEqualTo(Duration.ofMillis(500));
    assertThat(c.getDuration("capa.actors.call-timeout")).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.getDuration("capa.cluster.sbr.stable-after")).isEqualTo(Duration.ofHours(1));
    assertThat(c.getValue("capa.actors.idle-timeout").unwrapped()).isEqualTo(500L);
  }

  @Test
  void parseYaml_holdsOnlyTheKeysTheFileSets() {
    Config c = RuntimeConfig.parseYaml("sidecar:\n  port: 3501\n", "c.yaml");

    assertThat(c.entrySet()).hasSize(1);
    assertThat(c.getInt("capa.http.port")).isEqualTo(3501);
    assertThat(c.getValue("capa.http.port").origin().description()).contains("c.yaml: 2");
  }

  @Test
  void load_unknownKey_namesLineKeyAndKnownKeys() {
    assertError("sidecar:\n  port: 3500\n  prot: 3501\n", "config.yaml:3: sidecar.prot: unknown key (known keys under sidecar: apiToken, appPort, grpcHost, grpcPort, host, maxRequestBytes, metricsPort, port, tls)");
    assertThat(error("mode: sidecar\nsidcar:\n  port: 1\n").getMessage()).startsWith("config.yaml:2: sidcar: unknown key (known keys: ");
  }

  @Test
  void load_wrongType_failsNamingWhatWasFound() {
    assertError("sidecar:\n  port: abc\n", "config.yaml:2: sidecar.port: expected an integer between 0 and 65535, got \"abc\"");
    assertError("sidecar:\n  port: [1, 2]\n", "config.yaml:2: sidecar.port: expected an integer between 0 and 65535, got a list");
    assertError("sidecar: 3500\n", "config.yaml:1: sidecar: expected a mapping of settings, got \"3500\"");
    assertError("actors:\n  reentrancy:\n    enabled: Maybe\n", "config.yaml:3: actors.reentrancy.enabled: expected true or false, got \"Maybe\"");
    assertError("cluster:\n  seedNodes: a:1\n", "config.yaml:2: cluster.seedNodes: expected a list of strings, got \"a:1\"");
    assertError("appId:\n", "config.yaml:1: appId: expected a non-empty string, got no value");
    assertError("mode: embedded\n", "config.yaml:1: mode: expected one of sidecar, proxyless, got \"embedded\"");
    assertError("persistence:\n  backend: mongo\n", "config.yaml:2: persistence.backend: expected one of h2, postgres, mariadb, redis, got \"mongo\"");
    assertError("actors:\n  activeEntityLimit: 0\n", "config.yaml:2: actors.activeEntityLimit: expected an integer between 1 and 2147483647, got \"0\"");
    assertError("sidecar:\n  maxRequestBytes: lots\n", "config.yaml:2: sidecar.maxRequestBytes: expected a positive size in bytes (e.g. 4194304 or 4MiB), got \"lots\"");
  }

  @Test
  void load_samplingRateOutsideZeroToOne_fails() {
    assertError("tracing:\n  samplingRate: 1.5\n", "config.yaml:2: tracing.samplingRate: expected a number between 0 and 1, got \"1.5\"");
    assertError("tracing:\n  samplingRate: often\n", "config.yaml:2: tracing.samplingRate: expected a number between 0 and 1, got \"often\"");
    assertError("tracing:\n  otel:\n    protocol: zipkin\n",
        "config.yaml:3: tracing.otel.protocol: expected one of grpc, http, http/protobuf, in-memory, got \"zipkin\"");
  }

  @Test
  void load_portOutOfRange_fails() {
    assertError("sidecar:\n  grpcPort: -1\n", "config.yaml:2: sidecar.grpcPort: expected an integer between 0 and 65535, got \"-1\"");
    assertError("cluster:\n  port: 65536\n", "config.yaml:2: cluster.port: expected an integer between 0 and 65535, got \"65536\"");
  }

  @Test
  void load_badDuration_fails() {
    assertThat(error("actors:\n  idleTimeout: 10 minutes\n").getMessage())
        .startsWith("config.yaml:2: actors.idleTimeout: invalid duration \"10 minutes\"");
    assertThat(error("actors:\n  callTimeout: -5s\n").getMessage())
        .isEqualTo("config.yaml:2: actors.callTimeout: duration must not be negative: \"-5s\"");
    assertThat(error("actors:\n  callTimeout: P1M\n").getMessage())
        .startsWith("config.yaml:2: actors.callTimeout: invalid ISO 8601 duration \"P1M\"");
    assertThat(error("actors:\n  callTimeout: 0s\n").getMessage())
        .isEqualTo("config.yaml:2: actors.callTimeout: expected a positive duration, got \"0s\"");
    assertThat(error("actors:\n  callTimeout: 1500us\n").getMessage())
        .isEqualTo("config.yaml:2: actors.callTimeout: expected a whole number of milliseconds, got \"1500us\"");
  }

  @Test
  void load_invalidYaml_namesTheLine() {
    ConfigException e = error("sidecar:\n  port: 3500\n   host: [unclosed\n");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.getMessage()).startsWith("config.yaml:3: invalid YAML: ");
  }

  @Test
  void load_duplicateKey_fails() {
    assertError("sidecar:\n  port: 1\n  port: 2\n", "config.yaml:3: sidecar.port: duplicate key");
  }

  @Test
  void load_nonMappingDocument_fails() {
    assertError("- a\n- b\n", "config.yaml:1: expected a mapping of settings, got a list");
  }

  @Test
  void configException_exposesSourceLineAndKey() {
    ConfigException e = error("\n\nsidecar:\n  metricsPort: x\n");
    assertThat(e.source()).isEqualTo("config.yaml");
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.key()).isEqualTo("sidecar.metricsPort");
  }

  @Test
  void load_quotedNumbers_areAccepted() {
    assertThat(RuntimeConfig.load("sidecar:\n  port: \"3502\"\n", "c.yaml").getInt("capa.http.port")).isEqualTo(3502);
  }

  private static void assertError(String yaml, String message) {
    assertThat(error(yaml)).hasMessage(message);
  }

  private static ConfigException error(String yaml) {
    try {
      RuntimeConfig.load(yaml, "config.yaml");
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigException for:\n" + yaml);
  }

  @Test
  void load_appPort_underSidecarOrApp_setsTheAppChannel() {
    assertThat(RuntimeConfig.load(Optional.empty()).getInt("capa.app.port")).isZero();
    assertThat(RuntimeConfig.load("sidecar:\n  appPort: 3000\n", "config.yaml").getInt("capa.app.port"))
        .isEqualTo(3000);
    Config app = RuntimeConfig.load("app:\n  port: 3001\n  host: 10.0.0.7\n", "config.yaml");
    assertThat(app.getInt("capa.app.port")).isEqualTo(3001);
    assertThat(app.getString("capa.app.host")).isEqualTo("10.0.0.7");
  }

  @Test
  void load_appPortNotAPort_failsNamingKeyAndLine() {
    assertThatThrownBy(() -> RuntimeConfig.load("app:\n  port: lots\n", "config.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config.yaml:2")
        .hasMessageContaining("app.port");
  }
}
