package io.capa.database.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.database.SqlStatement;
import io.capa.components.api.ComponentParseException;
import io.capa.database.spi.SqlDatabase;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcDatabaseFactoryTest {
  private final TestContext context = new TestContext();

  @AfterEach
  void close() {
    context.close();
  }

  @Test
  void parse_daprConnectionStrings_becomeJdbcUrlsAndCredentials() {
    assertThat(JdbcUrls.parse("postgresql", "host=db port=5433 user=app password=s3cret dbname=shop sslmode=disable"))
        .isEqualTo(new JdbcUrls.Target("jdbc:postgresql://db:5433/shop?sslmode=disable", Optional.of("app"), Optional.of("s3cret")));
    assertThat(JdbcUrls.parse("postgresql", "postgres://app:p%40ss@db/shop"))
        .isEqualTo(new JdbcUrls.Target("jdbc:postgresql://db:5432/shop", Optional.of("app"), Optional.of("p@ss")));
    assertThat(JdbcUrls.parse("mysql", "app:pw@tcp(db:3307)/shop?parseTime=true"))
        .isEqualTo(new JdbcUrls.Target("jdbc:mariadb://db:3307/shop", Optional.of("app"), Optional.of("pw")));
    assertThat(JdbcUrls.parse("h2", "jdbc:h2:mem:x").url()).isEqualTo("jdbc:h2:mem:x");
  }

  @Test
  void create_badMetadata_isRefusedNamingTheFieldWithoutThePassword() {
    assertThat(new JdbcDatabaseFactory().validate(TestContext.spec("database.h2", Map.of())))
        .singleElement().asString().startsWith("url: missing");
    assertThatThrownBy(() -> context.create("database.postgresql", Map.of("url", "jdbc:h2:mem:x")))
        .isInstanceOf(ComponentParseException.class).hasMessageContaining("url").hasMessageContaining("jdbc:postgresql:");
    assertThatThrownBy(() -> context.create("database.mysql", Map.of("connectionString", "app:topsecret@garbage")))
        .isInstanceOf(ComponentParseException.class).hasMessageContaining("url").hasMessageNotContaining("topsecret");
    assertThatThrownBy(() -> context.create("database.h2", Map.of("url", "jdbc:h2:mem:x", "maxConnections", "0")))
        .isInstanceOf(ComponentParseException.class).hasMessageContaining("maxConnections");
  }

  @Test
  void create_serverDown_succeeds_andCallsFailFastAsComponentFailed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // nothing listens there once closed
    }
    SqlDatabase db = context.create("database.postgresql",
        Map.of("url", "jdbc:postgresql://127.0.0.1:" + port + "/test", "user", "postgres", "connectTimeout", "1s"));
    try {
      assertThatThrownBy(() -> db.query(SqlStatement.of("SELECT 1")).toCompletableFuture().get(20, TimeUnit.SECONDS))
          .satisfies(t -> assertThat(((CapaException) t.getCause()).errorCode()).isEqualTo(ErrorCode.COMPONENT_FAILED));
      assertThat(db.health().up()).isFalse();
    } finally {
      db.close();
    }
  }
}
