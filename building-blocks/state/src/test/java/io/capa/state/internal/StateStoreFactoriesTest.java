package io.capa.state.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.components.api.ComponentParseException;
import io.capa.state.testkit.TestComponents;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Metadata the factories accept and refuse, and the connection strings they read; nothing connects. */
class StateStoreFactoriesTest {
  private final RedisStateStoreFactory redis = new RedisStateStoreFactory();
  private final JdbcStateStoreFactory jdbc = new JdbcStateStoreFactory();

  @Test
  void types_areDaprsNamesAndTheEmbeddedOnes() {
    assertThat(redis.types()).containsExactly("state.redis");
    assertThat(jdbc.types()).containsExactlyInAnyOrder("state.postgresql", "state.mysql", "state.h2", "state.embedded");
  }

  @Test
  void validate_redisWithoutHost_namesTheField() {
    assertThat(redis.validate(TestComponents.spec("s", "state.redis", Map.of())))
        .singleElement().asString().contains("redisHost").contains("test-components.yaml:1");
  }

  @Test
  void validate_redisGarbage_namesEachProblem() {
    assertThat(redis.validate(TestComponents.spec("s", "state.redis", Map.of("redisHost", "localhost:port"))))
        .singleElement().asString().contains("redisHost").contains("localhost:port");
    assertThat(redis.validate(TestComponents.spec("s", "state.redis", Map.of("redisHost", "h:70000"))))
        .singleElement().asString().contains("out of range");
    assertThat(redis.validate(TestComponents.spec("s", "state.redis", Map.of("redisHost", "h:1", "ttlInSeconds", "0"))))
        .singleElement().asString().contains("ttlInSeconds");
    assertThat(redis.validate(TestComponents.spec("s", "state.redis", Map.of("redisHost", "h:1", "enableTLS", "maybe"))))
        .singleElement().asString().contains("enableTLS");
    assertThat(redis.validate(TestComponents.spec("s", "state.redis", Map.of("redisHost", "h:1", "redisDB", "x"))))
        .singleElement().asString().contains("redisDB");
  }

  @Test
  void validate_redisGood_hasNoProblems() {
    assertThat(redis.validate(TestComponents.spec("s", "state.redis",
        Map.of("redisHost", "cache:6380", "redisPassword", "p", "redisDB", "2", "ttlInSeconds", "60")))).isEmpty();
  }

  @Test
  void validate_sqlTableNames_refuseAnythingButPlainNames() {
    assertThat(jdbc.validate(TestComponents.spec("s", "state.postgresql",
        Map.of("connectionString", "host=h", "tableName", "state; DROP TABLE x"))))
        .singleElement().asString().contains("tableName");
    assertThat(jdbc.validate(TestComponents.spec("s", "state.mysql",
        Map.of("connectionString", "root:@tcp(h:3306)/db", "schemaName", "a-b"))))
        .singleElement().asString().contains("schemaName");
    assertThat(jdbc.validate(TestComponents.spec("s", "state.postgresql",
        Map.of("connectionString", "host=h", "tableName", "app.state")))).isEmpty();
  }

  @Test
  void validate_sqlConnectionStrings_missingOrGarbage_areRefused() {
    assertThat(jdbc.validate(TestComponents.spec("s", "state.postgresql", Map.of())))
        .singleElement().asString().contains("connectionString");
    assertThat(jdbc.validate(TestComponents.spec("s", "state.postgresql", Map.of("connectionString", "just words"))))
        .singleElement().asString().contains("connectionString");
    assertThat(jdbc.validate(TestComponents.spec("s", "state.mysql", Map.of("connectionString", "root@unix(/tmp/s)/db"))))
        .singleElement().asString().contains("tcp");
    assertThat(jdbc.validate(TestComponents.spec("s", "state.h2", Map.of("url", "jdbc:postgresql://h/db"))))
        .singleElement().asString().contains("H2");
  }

  @Test
  void postgres_keyValueForm_becomesAJdbcUrlWithCredentials() {
    JdbcTarget t = JdbcTarget.postgres("host=db.local user=app password='p w' port=5433 dbname=orders sslmode=require");
    assertThat(t.url()).isEqualTo("jdbc:postgresql://db.local:5433/orders?sslmode=require");
    assertThat(t.user()).hasValue("app");
    assertThat(t.password()).hasValue("p w");
    assertThat(t.database()).hasValue("orders");
  }

  @Test
  void postgres_urlForm_decodesCredentials() {
    JdbcTarget t = JdbcTarget.postgres("postgres://app:s%40cret@db:5432/orders?sslmode=disable");
    assertThat(t.url()).isEqualTo("jdbc:postgresql://db:5432/orders?sslmode=disable");
    assertThat(t.user()).hasValue("app");
    assertThat(t.password()).hasValue("s@cret");
  }

  @Test
  void mysql_goDsn_becomesAMariaDbUrl() {
    JdbcTarget t = JdbcTarget.mysql("root:pa:ss@tcp(127.0.0.1:3307)/test?allowNativePasswords=true&parseTime=true");
    assertThat(t.url()).isEqualTo("jdbc:mariadb://127.0.0.1:3307/test");
    assertThat(t.user()).hasValue("root");
    assertThat(t.password()).hasValue("pa:ss");
    assertThat(t.database()).hasValue("test");
  }

  @Test
  void mysql_dsnWithoutDatabaseOrPassword_andJdbcMysqlUrls() {
    JdbcTarget t = JdbcTarget.mysql("root@tcp(db)/");
    assertThat(t.url()).isEqualTo("jdbc:mariadb://db:3306/");
    assertThat(t.password()).isEmpty();
    assertThat(t.database()).isEmpty();
    assertThat(JdbcTarget.mysql("jdbc:mysql://db:3306/shop?useSSL=false").url()).isEqualTo("jdbc:mariadb://db:3306/shop?useSSL=false");
    assertThat(JdbcTarget.mysql("jdbc:mysql://db:3306/shop").database()).isEqualTo(Optional.of("shop"));
  }

  @Test
  void redact_hidesPasswords() {
    assertThat(JdbcTarget.redact("postgres://u:secret@h/db")).doesNotContain("secret");
    assertThat(JdbcTarget.redact("host=h password=secret")).doesNotContain("secret");
  }

  @Test
  void create_badMetadata_throwsNamingTheField() {
    try (TestComponents t = new TestComponents("app")) {
      assertThatThrownBy(() -> t.create("s", "state.postgresql", Map.of("connectionString", "host=h", "maxConns", "0")))
          .isInstanceOf(ComponentParseException.class).hasMessageContaining("maxConns");
      assertThatThrownBy(() -> t.create("s", "state.postgresql", Map.of("connectionString", "host=h", "timeout", "soon")))
          .isInstanceOf(ComponentParseException.class).hasMessageContaining("timeout");
    }
  }
}
