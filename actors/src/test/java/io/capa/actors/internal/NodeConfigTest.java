package io.capa.actors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The persistence section of the settings becomes the plugin ids and connection blocks of Pekko. */
class NodeConfigTest {

  private static Config build(Map<String, Object> persistence) {
    Map<String, Object> m = new java.util.HashMap<>();
    persistence.forEach((k, v) -> m.put("capa.persistence." + k, v));
    return NodeConfig.build(ConfigFactory.parseMap(m).withFallback(ConfigFactory.load()));
  }

  @Test
  void build_default_usesH2UnderDataDir() {
    Config c = build(Map.of());
    assertThat(c.getString("pekko.persistence.journal.plugin")).isEqualTo(NodeConfig.JDBC_JOURNAL);
    assertThat(c.getString("capa.persistence.jdbc.connection.url")).startsWith("jdbc:h2:file:").contains("WRITE_DELAY=0");
    assertThat(c.getString("capa.persistence.jdbc.journal.circuit-breaker.reset-timeout")).isEqualTo("2s");
  }

  @Test
  void build_redis_pointsAllThreePluginsAtRedis() {
    Config c = build(Map.of("backend", "redis", "url", "redis://10.0.0.7:6380/2"));
    assertThat(c.getString("pekko.persistence.journal.plugin")).isEqualTo("capa.persistence.redis.journal");
    assertThat(c.getString("pekko.persistence.snapshot-store.plugin")).isEqualTo("capa.persistence.redis.snapshot");
    assertThat(c.getString("pekko.persistence.state.plugin")).isEqualTo("capa.persistence.redis.state");
    assertThat(c.getString("capa.persistence.redis.connection.url")).isEqualTo("redis://10.0.0.7:6380/2");
    assertThat(c.getString("capa.persistence.redis.snapshot.circuit-breaker.reset-timeout")).isEqualTo("2s");
  }

  @Test
  void build_redisWithSeparateCredentials_putsThemIntoTheUrl() {
    Config c = build(Map.of("backend", "redis", "url", "rediss://cache:6379", "user", "app", "password", "s3 cr@t"));
    assertThat(c.getString("capa.persistence.redis.connection.url")).isEqualTo("rediss://app:s3%20cr%40t@cache:6379");
    assertThat(c.getString("capa.persistence.jdbc.connection.password")).isEmpty();
  }

  @Test
  void build_redisWithoutUrl_usesLocalServer() {
    Config c = build(Map.of("backend", "redis"));
    assertThat(c.getString("capa.persistence.redis.connection.url")).isEqualTo("redis://127.0.0.1:6379");
  }

  @Test
  void build_postgresUrlInConsoleForm_becomesJdbcUrlWithCredentialsApart() {
    Config c = build(Map.of("backend", "postgres", "url", "postgres://app:p%40ss@db.internal:5433/orders?sslmode=require"));
    assertThat(c.getString("capa.persistence.jdbc.connection.url"))
        .isEqualTo("jdbc:postgresql://db.internal:5433/orders?sslmode=require");
    assertThat(c.getString("capa.persistence.jdbc.connection.user")).isEqualTo("app");
    assertThat(c.getString("capa.persistence.jdbc.connection.password")).isEqualTo("p@ss");
    assertThat(c.getString("capa.persistence.jdbc.connection.dialect")).isEqualTo("postgres");
  }

  @Test
  void build_mariadbJdbcUrl_keptAsGiven() {
    Config c = build(Map.of("backend", "mariadb", "url", "jdbc:mariadb://127.0.0.1:3306/test", "user", "svc"));
    assertThat(c.getString("capa.persistence.jdbc.connection.url")).isEqualTo("jdbc:mariadb://127.0.0.1:3306/test");
    assertThat(c.getString("capa.persistence.jdbc.connection.user")).isEqualTo("svc");
  }

  @Test
  void build_urlOfAnotherBackend_failsNamingTheKeyAndExpectedForm() {
    assertThatThrownBy(() -> build(Map.of("backend", "postgres", "url", "redis://u:secret@127.0.0.1:6379")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("persistence.url")
        .hasMessageContaining("PostgreSQL URL")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> build(Map.of("backend", "redis", "url", "jdbc:mariadb://h/db")))
        .hasMessageContaining("Redis URL");
    assertThatThrownBy(() -> build(Map.of("backend", "h2", "url", "postgres://h/db")))
        .hasMessageContaining("H2 JDBC URL");
  }

  @Test
  void build_unparsableUrl_failsWithPosition() {
    assertThatThrownBy(() -> build(Map.of("backend", "redis", "url", "redis://bad host:6379")))
        .hasMessageContaining("persistence.url")
        .hasMessageContaining("index");
  }

  @Test
  void build_unknownBackend_listsTheKnownOnes() {
    assertThatThrownBy(() -> build(Map.of("backend", "cassandra")))
        .hasMessageContaining("'cassandra'")
        .hasMessageContaining("redis");
  }

  @Test
  void build_customPluginIds_winOverTheBackendsAndKeepTheirBreakers() {
    Config c = build(Map.of("plugins.journal", "my.journal", "plugins.snapshot", "my.snapshot", "plugins.state", "my.state"));
    assertThat(c.getString("pekko.persistence.journal.plugin")).isEqualTo("my.journal");
    assertThat(c.getString("pekko.persistence.snapshot-store.plugin")).isEqualTo("my.snapshot");
    assertThat(c.getString("pekko.persistence.state.plugin")).isEqualTo("my.state");
    assertThat(c.hasPath("my.journal.circuit-breaker")).isFalse();
  }

  @Test
  void redact_hidesUserInfoAndQuery() {
    assertThat(ServerUrl.redact("redis://u:pw@h:1/0?x=y")).isEqualTo("redis://***@h:1/0");
    assertThat(ServerUrl.redact("jdbc:postgresql://h/db?password=pw")).isEqualTo("jdbc:postgresql://h/db");
  }
}
