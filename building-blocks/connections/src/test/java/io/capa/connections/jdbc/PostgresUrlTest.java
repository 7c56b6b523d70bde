package io.capa.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresUrlTest {
  @Test
  void parse_keywordValue_becomesJdbcUrlAndProperties() {
    PostgresUrl u = PostgresUrl.parse("host=db.example port=6543 user=app password='s3cret' dbname=orders sslmode=disable");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/orders");
    assertThat(u.properties()).containsEntry("user", "app").containsEntry("password", "s3cret")
        .containsEntry("sslmode", "disable");
  }

  @Test
  void parse_url_keepsUserPasswordAndQuery() {
    PostgresUrl u = PostgresUrl.parse("postgres://app:p%40ss@db:5433/orders?sslmode=require");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5433/orders?sslmode=require");
    assertThat(u.properties()).containsEntry("user", "app").containsEntry("password", "p@ss");
  }

  @Test
  void parse_jdbcUrl_passesThrough() {
    assertThat(PostgresUrl.parse("jdbc:postgresql://h/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
  }

  @Test
  void parse_garbage_saysWhatIsWrong() {
    assertThatThrownBy(() -> PostgresUrl.parse("just words")).hasMessageContaining("'just' is not keyword=value");
    assertThatThrownBy(() -> PostgresUrl.parse("host=h port=abc")).hasMessageContaining("port 'abc'");
    assertThatThrownBy(() -> PostgresUrl.parse("postgres:///nohost")).hasMessageContaining("no host");
  }
}
