package io.capa.benchmarks.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackendTest {
  @Test
  void parse_knownNameInAnyCase_returnsBackend() {
    assertThat(Backend.parse("postgres")).isEqualTo(Backend.POSTGRES);
    assertThat(Backend.parse(" MariaDB ")).isEqualTo(Backend.MARIADB);
  }

  @Test
  void parse_unknownName_namesItAndListsTheKnownOnes() {
    assertThatThrownBy(() -> Backend.parse("mongo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'mongo'")
        .hasMessageContaining("h2, postgres, mariadb, redis");
  }

  @Test
  void newTag_isAPlainIdentifier() {
    assertThat(Backend.newTag()).matches("[a-z_][a-z0-9_]*");
  }
}
