package io.capa.persistence.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class ConnectionSettingsTest {
  private static Config connection(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference())
        .getConfig("capa.persistence.jdbc.connection");
  }

  @Test
  void fromConfig_defaults_areEmbeddedH2() {
    ConnectionSettings s = ConnectionSettings.fromConfig(connection(""));
    assertThat(s.dialect()).isEqualTo(Dialect.H2);
    assertThat(s.url()).startsWith("jdbc:h2:file:./data/");
    assertThat(s.maxBatchRows()).isEqualTo(500);
  }

  @Test
  void fromConfig_blankDialect_detectedFromUrl() {
    assertThat(ConnectionSettings.fromConfig(connection(
        "capa.persistence.jdbc.connection.url = \"jdbc:postgresql://h/db\"")).dialect())
        .isEqualTo(Dialect.POSTGRES);
    assertThat(ConnectionSettings.fromConfig(connection(
        "capa.persistence.jdbc.connection.url = \"jdbc:mariadb://h/db\"")).dialect())
        .isEqualTo(Dialect.MARIADB);
  }

  @Test
  void resolve_unknownDialect_isRejectedWithTheChoices() {
    assertThatThrownBy(() -> Dialect.resolve("oracle", "jdbc:oracle:thin:@x"))
        .hasMessageContaining("oracle").hasMessageContaining("h2, postgres or mariadb");
  }

  @Test
  void resolve_undetectableUrl_asksForTheDialect() {
    assertThatThrownBy(() -> Dialect.resolve("", "jdbc:sqlserver://x"))
        .hasMessageContaining("set dialect");
  }

  @Test
  void qualify_tableNameWithSqlInIt_isRejected() {
    ConnectionSettings s = ConnectionSettings.fromConfig(connection(""));
    assertThatThrownBy(() -> s.qualify("journal; DROP TABLE x"))
        .hasMessageContaining("plain SQL identifier");
  }

  @Test
  void qualify_withSchema_prefixesIt() {
    ConnectionSettings s = ConnectionSettings.fromConfig(
        connection("capa.persistence.jdbc.connection.schema = capa"));
    assertThat(s.qualify("capa_journal")).isEqualTo("capa.capa_journal");
  }

  @Test
  void fromConfig_writersTakingThePool_isRejected() {
    assertThatThrownBy(() -> ConnectionSettings.fromConfig(connection(
        "capa.persistence.jdbc.connection { max-pool-size = 4, batch.writer-threads = 2 }")))
        .hasMessageContaining("max-pool-size");
  }
}
