package io.capa.api.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseRecordsTest {
  @Test
  void sqlStatement_blankSql_namesSql() {
    assertThatThrownBy(() -> SqlStatement.of(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sql");
  }

  @Test
  void sqlStatement_unsupportedParameterType_namesPositionAndType() {
    assertThatThrownBy(() -> SqlStatement.of("select ?, ?", "a", new StringBuilder("b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter 2")
        .hasMessageContaining("java.lang.StringBuilder");
  }

  @Test
  void sqlStatement_nullParameter_keptAsSqlNull() {
    SqlStatement s = SqlStatement.of("insert into t values (?, ?, ?)", null, 42L, new BigDecimal("1.50"));
    assertThat(s.parameters()).containsExactly(null, 42L, new BigDecimal("1.50"));
  }

  @Test
  void sqlStatement_parametersChangedAfterwards_statementUnchanged() {
    Object[] params = {"a"};
    List<Object> list = Arrays.asList(params);
    SqlStatement s = new SqlStatement("select ?", list);
    params[0] = "b";
    assertThat(s.parameters()).containsExactly("a");
  }

  @Test
  void queryResult_rowOfWrongWidth_namesRow() {
    assertThatThrownBy(
            () -> new QueryResult(List.of("id", "name"), List.of(Arrays.asList(1L, "a"), List.of(2L))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 2")
        .hasMessageContaining("1 values for 2 columns");
  }

  @Test
  void queryResult_unsupportedValue_namesColumn() {
    assertThatThrownBy(() -> new QueryResult(List.of("at"), List.of(List.of(new java.util.Date()))))
        .hasMessageContaining("column 'at'");
  }

  @Test
  void queryResult_nullValues_kept() {
    QueryResult r = new QueryResult(List.of("id", "at"), List.of(Arrays.asList(1L, null), Arrays.asList(2L, Instant.EPOCH)));
    assertThat(r.rows()).hasSize(2);
    assertThat(r.rows().get(0)).containsExactly(1L, null);
  }

  @Test
  void execResult_negativeCount_rejected() {
    assertThatThrownBy(() -> new ExecResult(-1)).hasMessageContaining("rowsAffected");
  }

  @Test
  void transactionOptions_zeroIdleTimeout_namesIdleTimeout() {
    assertThatThrownBy(() -> new TransactionOptions(null, false, Optional.of(Duration.ZERO)))
        .hasMessageContaining("idleTimeout");
  }

  @Test
  void transactionOptions_nulls_takeDefaults() {
    TransactionOptions o = new TransactionOptions(null, true, null);
    assertThat(o.isolation()).isEqualTo(Isolation.DEFAULT);
    assertThat(o.idleTimeout()).isEmpty();
    assertThat(o.readOnly()).isTrue();
  }
}
