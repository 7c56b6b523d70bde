package io.capa.dist.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.capa.actors.api.PersistenceStatus;
import io.capa.runtime.spi.HealthStatus;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The persistence probe against the real databases of this machine, and against one that is down. */
class PersistenceHealthCheckTest {
  static Config jdbc(String url, String user) {
    return ConfigFactory.parseMap(
        Map.of(
            "pekko.persistence.journal.plugin", "capa.persistence.jdbc.journal",
            "capa.persistence.jdbc.connection.url", url,
            "capa.persistence.jdbc.connection.user", user,
            "capa.persistence.jdbc.connection.password", ""));
  }

  static HealthStatus probe(Config c) throws Exception {
    return probe(c, new PersistenceStatus(true, "", Instant.now()));
  }

  static HealthStatus probe(Config c, PersistenceStatus runtime) throws Exception {
    PersistenceHealthCheck check = new PersistenceHealthCheck(c, () -> runtime);
    try {
      return check.check().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      check.close();
    }
  }

  @Test
  void check_h2File_healthy() throws Exception {
    String url = "jdbc:h2:file:" + Files.createTempDirectory("capa-h2-probe").resolve("capa") + ";MAX_COMPACT_TIME=0";
    assertThat(probe(jdbc(url, "sa"))).isEqualTo(HealthStatus.ok());
  }

  @Test
  void check_postgres_healthy() throws Exception {
    assertThat(probe(jdbc("jdbc:postgresql://127.0.0.1:5432/test", "postgres"))).isEqualTo(HealthStatus.ok());
  }

  @Test
  void check_mariadb_healthy() throws Exception {
    assertThat(probe(jdbc("jdbc:mariadb://127.0.0.1:3306/test", "root"))).isEqualTo(HealthStatus.ok());
  }

  static Config redis(String url) {
    return ConfigFactory.parseMap(
        Map.of(
            "pekko.persistence.journal.plugin", "capa.persistence.redis.journal",
            "capa.persistence.redis.connection.url", url));
  }

  @Test
  void check_redis_healthy() throws Exception {
    assertThat(probe(redis("redis://127.0.0.1:6379"))).isEqualTo(HealthStatus.ok());
  }

  @Test
  void check_redisDown_degradedNamingUrlWithoutPassword() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    HealthStatus s = probe(redis("redis://:secret@127.0.0.1:" + closedPort));
    assertThat(s.state()).isEqualTo(HealthStatus.State.DEGRADED);
    assertThat(s.detail()).contains("127.0.0.1:" + closedPort).doesNotContain("secret");
  }

  @Test
  void check_redisWrongPassword_degradedSayingAuthFailed() throws Exception {
    // The machine's Redis has no password: AUTH with one is refused, which the check must report.
    HealthStatus s = probe(redis("redis://:not-the-password@127.0.0.1:6379"));
    assertThat(s.state()).isEqualTo(HealthStatus.State.DEGRADED);
    assertThat(s.detail()).contains("AUTH answered -");
  }

  @Test
  void check_runtimeCannotReachJournal_degradedEvenWhenProbeSucceeds() throws Exception {
    PersistenceStatus down = new PersistenceStatus(false, "CircuitBreakerOpenException: open", Instant.now());
    HealthStatus s = probe(jdbc("jdbc:postgresql://127.0.0.1:5432/test", "postgres"), down);
    assertThat(s.state()).isEqualTo(HealthStatus.State.DEGRADED);
    assertThat(s.detail()).contains("CircuitBreakerOpenException");
  }

  @Test
  void check_databaseDown_degradedNamingUrlWithinTimeout() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    long start = System.nanoTime();
    HealthStatus s = probe(jdbc("jdbc:postgresql://127.0.0.1:" + closedPort + "/test?password=secret", "postgres"));
    assertThat(s.state()).isEqualTo(HealthStatus.State.DEGRADED);
    assertThat(s.detail()).contains("127.0.0.1:" + closedPort).doesNotContain("secret");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void check_notJdbcJournal_healthyWithoutProbe() throws Exception {
    Config inmem =
        ConfigFactory.parseMap(Map.of("pekko.persistence.journal.plugin", "pekko.persistence.journal.inmem"))
            .withFallback(jdbc("jdbc:postgresql://127.0.0.1:1/never", "x"));
    HealthStatus s = probe(inmem);
    assertThat(s.healthy()).isTrue();
    assertThat(s.detail()).contains("not probed");
  }
}
