package io.capa.components;

import static io.capa.components.Fixtures.await;
import static io.capa.components.Fixtures.component;
import static io.capa.components.Fixtures.writeAtomically;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.api.ComponentChange;
import io.capa.components.api.ComponentError;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.ComponentsFolder;
import io.capa.components.api.ComponentsListener;
import io.capa.components.api.MetadataValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentsFolderTest {
  /** Short, so the tests also pass where file-system events are not delivered. */
  private static final Duration RESCAN = Duration.ofMillis(200);

  @TempDir Path dir;

  @Test
  void load_severalFilesAndMultiDocs_allComponentsInFolderOrder() throws Exception {
    Files.writeString(dir.resolve("b.yml"), component("b1", "state.test", "h"));
    Files.writeString(
        dir.resolve("a.yaml"),
        component("a1", "state.test", "h")
            + "---\nkind: Configuration\nmetadata: {name: cfg}\n---\n"
            + component("a2", "pubsub.test", "h"));
    Files.writeString(dir.resolve("notes.txt"), "not a component");
    Files.writeString(dir.resolve(".hidden.yaml"), "garbage: [");

    try (ComponentsFolder folder = ComponentsFolder.load(dir)) {
      assertThat(folder.components()).extracting(ComponentSpec::name).containsExactly("a1", "a2", "b1");
      assertThat(folder.require("a2").source()).isEqualTo(dir.resolve("a.yaml"));
      assertThat(folder.errors()).isEmpty();
    }
  }

  @Test
  void load_brokenFile_reportsFileAndLineAndKeepsTheOthers() throws Exception {
    Files.writeString(dir.resolve("good.yaml"), component("good", "state.test", "h"));
    Files.writeString(dir.resolve("bad.yaml"), "kind: Component\nmetadata: {name: bad}\nspec: {}\n");

    try (ComponentsFolder folder = ComponentsFolder.load(dir)) {
      assertThat(folder.components()).extracting(ComponentSpec::name).containsExactly("good");
      assertThat(folder.errors()).singleElement().satisfies(e -> {
        assertThat(e.file()).isEqualTo(dir.resolve("bad.yaml"));
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("spec.type");
      });
    }
  }

  @Test
  void load_duplicateAcrossFiles_refusesTheLaterNamingBothFiles() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), component("store", "state.test", "first"));
    Files.writeString(
        dir.resolve("b.yaml"), component("store", "state.test", "second") + "---\n" + component("other", "state.test", "h"));

    try (ComponentsFolder folder = ComponentsFolder.load(dir)) {
      assertThat(folder.require("store").metadata().get("host")).isEqualTo(new MetadataValue.Plain("first"));
      assertThat(folder.find("other")).isPresent();
      assertThat(folder.errors()).singleElement().satisfies(e -> {
        assertThat(e.file()).isEqualTo(dir.resolve("b.yaml"));
        assertThat(e.message()).contains(dir.resolve("a.yaml").toString()).contains("'store'").contains("refused");
      });
    }
  }

  @Test
  void forApp_scopes_filterComponents() throws Exception {
    Files.writeString(dir.resolve("open.yaml"), component("open", "state.test", "h"));
    Files.writeString(
        dir.resolve("scoped.yaml"), component("scoped", "state.test", "h") + "scopes:\n- app1\n");

    try (ComponentsFolder folder = ComponentsFolder.load(dir)) {
      assertThat(folder.forApp("app1").components()).extracting(ComponentSpec::name).containsExactly("open", "scoped");
      assertThat(folder.forApp("app2").components()).extracting(ComponentSpec::name).containsExactly("open");
      assertThat(folder.forApp("app2").find("scoped")).isEmpty();
      assertThatThrownBy(() -> folder.forApp("app2").require("scoped"))
          .isInstanceOfSatisfying(CapaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND))
          .hasMessageContaining("'scoped'").hasMessageContaining("app2");
    }
  }

  @Test
  void require_unknownName_componentNotFound() throws Exception {
    try (ComponentsFolder folder = ComponentsFolder.load(dir)) {
      assertThatThrownBy(() -> folder.require("nope"))
          .isInstanceOfSatisfying(CapaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND))
          .hasMessageContaining("'nope'");
    }
  }

  @Test
  void load_notAFolder_namesThePath() {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> ComponentsFolder.load(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void watch_addChangeDelete_seenByListener() throws Exception {
    Recorder recorder = new Recorder();
    try (ComponentsFolder folder = ComponentsFolder.load(dir, RESCAN)) {
      folder.addListener(recorder);
      folder.watch();

      writeAtomically(dir.resolve("s.yaml"), component("s", "state.test", "h1"));
      await("added", () -> recorder.changes.stream().anyMatch(c -> names(c.added()).contains("s")));

      writeAtomically(dir.resolve("s.yaml"), component("s", "state.test", "h2"));
      await("changed", () -> recorder.changes.stream().anyMatch(c -> hostOf(c.changed(), "s").equals("h2")));
      assertThat(folder.require("s").metadata().get("host")).isEqualTo(new MetadataValue.Plain("h2"));

      Files.delete(dir.resolve("s.yaml"));
      await("removed", () -> recorder.changes.stream().anyMatch(c -> names(c.removed()).contains("s")));
      assertThat(folder.find("s")).isEmpty();
      assertThat(recorder.errors).isEmpty();
    }
  }

  @Test
  void watch_brokenEdit_keepsPreviousAndReportsThenFixApplies() throws Exception {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, component("s", "state.test", "h1"));
    Recorder recorder = new Recorder();
    try (ComponentsFolder folder = ComponentsFolder.load(dir, RESCAN)) {
      folder.addListener(recorder);
      folder.watch();

      String broken = "kind: Component\nmetadata:\n  name: s\nspec:\n  type: state.test\n  metadata:\n  - name: host\n";
      writeAtomically(file, broken);
      await("error reported", () -> !recorder.errors.isEmpty());
      ComponentError error = recorder.errors.get(0);
      assertThat(error.file()).isEqualTo(file);
      assertThat(error.line()).isEqualTo(Fixtures.lineOf(broken, "- name: host"));
      assertThat(error.key()).isEqualTo("spec.metadata[0]");
      // The component keeps its last good definition.
      assertThat(folder.require("s").metadata().get("host")).isEqualTo(new MetadataValue.Plain("h1"));
      assertThat(recorder.changes).isEmpty();

      writeAtomically(file, component("s", "state.test", "h3"));
      await("fix applied", () -> recorder.changes.stream().anyMatch(c -> hostOf(c.changed(), "s").equals("h3")));
      assertThat(folder.errors()).isEmpty();
      assertThat(recorder.errors).hasSize(1);
    }
  }

  @Test
  void watch_duplicateAddedLater_isRefusedAndFirstKeepsServing() throws Exception {
    Files.writeString(dir.resolve("z.yaml"), component("store", "state.test", "original"));
    Recorder recorder = new Recorder();
    try (ComponentsFolder folder = ComponentsFolder.load(dir, RESCAN)) {
      folder.addListener(recorder);
      folder.watch();

      // Sorts before z.yaml, yet came later: the name stays with z.yaml.
      writeAtomically(dir.resolve("a.yaml"), component("store", "state.test", "intruder"));
      await("duplicate reported", () -> !recorder.errors.isEmpty());
      assertThat(recorder.errors.get(0).file()).isEqualTo(dir.resolve("a.yaml"));
      assertThat(recorder.errors.get(0).message()).contains(dir.resolve("z.yaml").toString());
      assertThat(folder.require("store").metadata().get("host")).isEqualTo(new MetadataValue.Plain("original"));
      assertThat(recorder.changes).isEmpty();
    }
  }

  private static List<String> names(List<ComponentSpec> specs) {
    return specs.stream().map(ComponentSpec::name).toList();
  }

  private static String hostOf(List<ComponentSpec> specs, String name) {
    return specs.stream()
        .filter(s -> s.name().equals(name))
        .map(s -> s.metadata().get("host").toString())
        .findFirst()
        .orElse("");
  }

  private static final class Recorder implements ComponentsListener {
    final List<ComponentChange> changes = new CopyOnWriteArrayList<>();
    final List<ComponentError> errors = new CopyOnWriteArrayList<>();

    @Override
    public void onChange(ComponentChange change) {
      changes.add(change);
    }

    @Override
    public void onError(ComponentError error) {
      errors.add(error);
    }
  }
}
