package io.capa.secrets.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.secrets.SecretsFixture;
import io.capa.secrets.Specs;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentSecretServiceTest {
  @TempDir Path dir;
  private SecretsFixture fixture;
  private ComponentSecretService secrets;

  @BeforeEach
  void start() throws Exception {
    fixture = new SecretsFixture(dir);
    secrets = new ComponentSecretService(fixture.registry, Specs.EXECUTOR);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void get_routesToTheNamedStore() throws Exception {
    assertThat(join(secrets.get("files", "db-password"))).isEqualTo(Map.of("db-password", "s3cret"));
    assertThat(join(secrets.get("files", "api:token"))).isEqualTo(Map.of("api:token", "t0k"));
    assertThat(join(secrets.get("env", "alpha"))).isEqualTo(Map.of("alpha", "one"));
  }

  @Test
  void bulkGet_answersEverySecretOfTheStore() throws Exception {
    assertThat(join(secrets.bulkGet("files", Map.of())))
        .isEqualTo(Map.of("db-password", Map.of("db-password", "s3cret"), "api:token", Map.of("api:token", "t0k")));
  }

  @Test
  void get_unknownKey_isSecretNotFound() {
    assertFails(secrets.get("files", "nope"), ErrorCode.SECRET_NOT_FOUND, "nope");
  }

  @Test
  void get_unknownStore_isComponentNotFound() {
    assertFails(secrets.get("vault", "k"), ErrorCode.COMPONENT_NOT_FOUND, "vault");
    assertFails(secrets.bulkGet("vault", Map.of()), ErrorCode.COMPONENT_NOT_FOUND, "vault");
  }

  @Test
  void get_blankKey_isInvalidRequest() {
    assertFails(secrets.get("files", " "), ErrorCode.INVALID_REQUEST, "blank");
  }

  private static void assertFails(CompletionStage<?> stage, ErrorCode code, String text) {
    assertThatThrownBy(() -> join(stage))
        .cause()
        .isInstanceOfSatisfying(CapaException.class, e -> assertThat(e.errorCode()).isEqualTo(code))
        .hasMessageContaining(text);
  }

  private static <T> T join(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
