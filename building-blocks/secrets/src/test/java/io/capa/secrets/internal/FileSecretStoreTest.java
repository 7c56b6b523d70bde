package io.capa.secrets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.components.api.ComponentParseException;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.SecretStore;
import io.capa.secrets.SecretStoreConformance;
import io.capa.secrets.Specs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSecretStoreTest extends SecretStoreConformance {
  @TempDir Path dir;

  @Override
  protected SecretStore createStore() throws Exception {
    Path file = dir.resolve("secrets.json");
    Files.writeString(file, "{\"alpha\": \"one\", \"beta\": \"two\"}");
    return create("secretsFile", file.toString());
  }

  private SecretStore create(String... metadata) throws Exception {
    ComponentConfig config = Specs.config("files", "secretstores.local.file", metadata);
    return (SecretStore) new LocalSecretStoreFactory().create(config, Specs.context(dir));
  }

  private static final String NESTED_YAML =
      "db:\n  user: u\n  password: p\ntoken: t\nhosts: [a, b]\nport: 5432\n";

  @Test
  void get_nestedYaml_isFlattenedWithTheSeparator() throws Exception {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, NESTED_YAML);
    SecretStore store = create("secretsFile", file.toString());

    assertThat(get(store.get("db:password", Map.of()))).isEqualTo(Map.of("db:password", "p"));
    assertThat(get(store.get("hosts:1", Map.of()))).isEqualTo(Map.of("hosts:1", "b"));
    assertThat(get(store.get("port", Map.of()))).isEqualTo(Map.of("port", "5432"));
    assertThat(get(store.bulkGet(Map.of()))).containsOnlyKeys("db:user", "db:password", "token", "hosts:0", "hosts:1", "port");

    SecretStore dotted = create("secretsFile", file.toString(), "nestedSeparator", ".");
    assertThat(get(dotted.get("db.user", Map.of()))).isEqualTo(Map.of("db.user", "u"));
  }

  @Test
  void get_multiValued_answersTheNestedMap() throws Exception {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, NESTED_YAML);
    SecretStore store = create("secretsFile", file.toString(), "multiValued", "true");

    assertThat(get(store.get("db", Map.of()))).isEqualTo(Map.of("user", "u", "password", "p"));
    assertThat(get(store.get("token", Map.of()))).isEqualTo(Map.of("token", "t"));
    assertThat(get(store.get("hosts", Map.of()))).isEqualTo(Map.of("0", "a", "1", "b"));
  }

  @Test
  void get_fileChanged_isReadAgain() throws Exception {
    Path file = dir.resolve("s.json");
    Files.writeString(file, "{\"k\": \"v1\"}");
    SecretStore store = create("secretsFile", file.toString());
    assertThat(get(store.get("k", Map.of()))).isEqualTo(Map.of("k", "v1"));

    Files.writeString(file, "{\"k\": \"v2\", \"new\": \"n\"}");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(get(store.get("k", Map.of()))).isEqualTo(Map.of("k", "v2"));
    assertThat(get(store.get("new", Map.of()))).isEqualTo(Map.of("new", "n"));
  }

  @Test
  void get_fileBrokenAfterStart_lastGoodVersionServesAndHealthIsDown() throws Exception {
    Path file = dir.resolve("s.json");
    Files.writeString(file, "{\"k\": \"v1\"}");
    SecretStore store = create("secretsFile", file.toString());

    Files.writeString(file, "{\"k\": [unclosed");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(get(store.get("k", Map.of()))).isEqualTo(Map.of("k", "v1"));
    assertThat(store.health().up()).isFalse();
    assertThat(store.health().detail()).contains(file.toString());

    Files.writeString(file, "{\"k\": \"v3\"}");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
    assertThat(get(store.get("k", Map.of()))).isEqualTo(Map.of("k", "v3"));
    assertThat(store.health().up()).isTrue();
  }

  @Test
  void create_missingFile_failsNamingIt() {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> create("secretsFile", missing.toString()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void create_garbageFile_failsSayingSo() throws Exception {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, "- just\n- a list\n");
    assertThatThrownBy(() -> create("secretsFile", file.toString()))
        .hasMessageContaining("cannot be parsed")
        .hasMessageContaining("map of names to values");
    Files.writeString(file, "a: 1\na: 2\n");
    assertThatThrownBy(() -> create("secretsFile", file.toString())).hasMessageContaining("duplicate");
  }

  @Test
  void validate_withoutSecretsFile_namesTheField() {
    assertThat(new LocalSecretStoreFactory().validate(Specs.config("f", "secretstores.local.file").spec()))
        .singleElement().asString().startsWith("secretsFile: missing");
  }

  @Test
  void create_badMultiValued_isAParseErrorNamingTheField() {
    assertThatThrownBy(() -> create("secretsFile", "x.json", "multiValued", "maybe"))
        .isInstanceOf(ComponentParseException.class)
        .hasMessageContaining("multiValued");
  }
}
