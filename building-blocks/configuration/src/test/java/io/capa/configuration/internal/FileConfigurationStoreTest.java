package io.capa.configuration.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.configuration.ConfigurationItem;
import io.capa.configuration.spi.ConfigurationChange;
import io.capa.configuration.spi.ConfigurationStore;
import io.capa.configuration.testkit.ConfigurationConformance;
import io.capa.configuration.testkit.TestComponents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conformance suite on a YAML file, plus what only a file store does. */
class FileConfigurationStoreTest extends ConfigurationConformance {
  private static final TestComponents ENV = new TestComponents();
  @TempDir Path dir;
  private final Map<String, String> content = new LinkedHashMap<>();

  private Path file() {
    return dir.resolve("config.yaml");
  }

  @Override
  protected ConfigurationStore newStore() {
    return (ConfigurationStore) new ConfigurationStoreFactory().create(
        TestComponents.config("file", ConfigurationStoreFactory.FILE,
            Map.of("path", file().toString(), "pollInterval", "50ms")), ENV.context(dir));
  }

  @Override
  protected boolean writable() {
    return false;
  }

  @Override
  protected void put(String key, String value) throws Exception {
    content.put(key, value);
    rewrite();
  }

  @Override
  protected void remove(String key) throws Exception {
    content.remove(key);
    rewrite();
  }

  private void rewrite() throws Exception {
    StringBuilder yaml = new StringBuilder();
    content.forEach((k, v) -> yaml.append('"').append(k).append("\": \"").append(v).append("\"\n"));
    write(yaml.toString());
  }

  /** Replaces the file in one step, as editors and config-map volumes do. */
  private void write(String yaml) throws Exception {
    Path tmp = dir.resolve("config.yaml.tmp");
    Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
    Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @AfterAll
  static void closeEnv() {
    ENV.close();
  }

  @Test
  void get_structuredItem_hasVersionAndMetadata() throws Exception {
    write("feature:\n  value: \"on\"\n  version: 3\n  metadata: {owner: team-a}\nplain: 42\n");
    awaitTrue(() -> get0().containsKey("feature"), "file re-read");
    Map<String, ConfigurationItem> items = get(store.get(List.of(), Map.of()));
    assertThat(items.get("feature")).isEqualTo(new ConfigurationItem("feature", "on", Optional.of("3"), Map.of("owner", "team-a")));
    assertThat(items.get("plain").value()).isEqualTo("42");
  }

  @Test
  void brokenFile_keepsTheLastGoodItems() throws Exception {
    List<ConfigurationChange> seen = new CopyOnWriteArrayList<>();
    store.watch(List.of(), seen::add);
    write("a: [unclosed\n");
    write("b: {value: [1, 2]}\n");
    // a good version after the broken ones proves the broken ones were read and passed over
    put(a, "good-again");
    awaitTrue(() -> seen.stream().anyMatch(c -> c.changed().containsKey(a)), "good version read");
    assertThat(get(store.get(List.of(a, b), Map.of()))).containsOnlyKeys(a, b);
    assertThat(store.health().up()).isTrue();
  }

  @Test
  void missingFileAtStart_isDownUntilTheFileAppears() throws Exception {
    ConfigurationStore other = (ConfigurationStore) new ConfigurationStoreFactory().create(
        TestComponents.config("later", ConfigurationStoreFactory.FILE,
            Map.of("path", dir.resolve("later.yaml").toString(), "pollInterval", "50ms")), ENV.context(dir));
    try {
      assertThat(other.health().up()).isFalse();
      assertThat(other.health().detail()).contains("later.yaml");
      Files.writeString(dir.resolve("later.yaml"), "k: v\n");
      awaitTrue(() -> other.health().up(), "file read once it exists");
      assertThat(get(other.get(List.of("k"), Map.of())).get("k").value()).isEqualTo("v");
    } finally {
      other.close();
    }
  }

  private Map<String, ConfigurationItem> get0() {
    try {
      return get(store.get(List.of(), Map.of()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
