package io.capa.components;

import static io.capa.components.Fixtures.await;
import static io.capa.components.Fixtures.lineOf;
import static io.capa.components.Fixtures.writeAtomically;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.RegistryFakes.FakeSecretStore;
import io.capa.components.RegistryFakes.FakeStore;
import io.capa.components.api.ComponentChange;
import io.capa.components.api.ComponentError;
import io.capa.components.api.ComponentRegistry;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.ComponentsFolder;
import io.capa.components.api.ComponentsListener;
import io.capa.components.api.RegistrySettings;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentTypes;
import io.capa.components.spi.SecretStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentRegistryTest {
  private static final RegistrySettings FAST =
      new RegistrySettings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofSeconds(2));

  @TempDir Path dir;
  private ScheduledExecutorService scheduler;
  private ExecutorService blocking;
  private ComponentsFolder folder;
  private ComponentRegistry registry;
  private final List<ComponentChange> changes = new CopyOnWriteArrayList<>();
  private final List<ComponentError> errors = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    scheduler = Executors.newSingleThreadScheduledExecutor();
    blocking = Executors.newCachedThreadPool();
  }

  @AfterEach
  void tearDown() {
    if (registry != null) {
      registry.close();
    }
    if (folder != null) {
      folder.close();
    }
    scheduler.shutdownNow();
    blocking.shutdownNow();
  }

  private ComponentRegistry start(String appId) {
    folder = ComponentsFolder.load(dir);
    registry =
        ComponentRegistry.start(
            folder.forApp(appId),
            ComponentTypes.of(List.of(new RegistryFakes.Factory())),
            new ComponentContext(appId, blocking, scheduler, dir),
            FAST);
    registry.addListener(new ComponentsListener() {
      @Override
      public void onChange(ComponentChange change) {
        changes.add(change);
      }

      @Override
      public void onError(ComponentError error) {
        errors.add(error);
      }
    });
    return registry;
  }

  private static String component(String name, String type, String... metadataLines) {
    StringBuilder out = new StringBuilder()
        .append("apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: ").append(name)
        .append("\nspec:\n  type: ").append(type).append("\n  version: v1\n  metadata:\n");
    if (metadataLines.length == 0) {
      out.append("  - name: host\n    value: h\n");
    }
    for (String line : metadataLines) {
      out.append(line).append('\n');
    }
    return out.toString();
  }

  private static String withSecretStore(String text, String store) {
    return text + "auth:\n  secretStore: " + store + "\n";
  }

  private static final String PASSWORD_REF =
      "  - name: password\n    secretKeyRef:\n      name: dbpass\n      key: dbpass";

  @Test
  void start_createsComponentsAndResolvesSecretsFromTheNamedStore() throws Exception {
    // The store file sorts after the user: stores are still created first.
    Files.writeString(dir.resolve("z-secrets.yaml"), component("vault", "secretstores.fake", "  - name: dbpass\n    value: s3cret"));
    Files.writeString(dir.resolve("a-db.yaml"), withSecretStore(component("db", "state.fake", PASSWORD_REF), "vault"));

    start("app");

    FakeStore db = registry.require("db", FakeStore.class, "state store");
    assertThat(db.config.metadata()).containsEntry("password", "s3cret");
    assertThat(registry.require("vault", SecretStore.class, "secret store")).isInstanceOf(FakeSecretStore.class);
    assertThat(registry.names(SecretStore.class)).containsExactly("vault");
    assertThat(registry.names(FakeStore.class)).containsExactly("db");
    assertThat(registry.health()).allSatisfy((name, h) -> assertThat(h.up()).isTrue());
  }

  @Test
  void start_secretRefWithoutAuthSecretStore_failsThatComponentOnly() throws Exception {
    String text = component("db", "state.fake", PASSWORD_REF);
    Files.writeString(dir.resolve("db.yaml"), text);
    Files.writeString(dir.resolve("other.yaml"), component("other", "state.fake"));

    start("app");

    assertThatThrownBy(() -> registry.require("db", FakeStore.class, "state store"))
        .isInstanceOfSatisfying(CapaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_FAILED))
        .hasMessageContaining("component 'db' (state.fake) is not available")
        .hasMessageContaining("auth.secretStore");
    assertThat(registry.health().get("db").up()).isFalse();
    assertThat(registry.require("other", FakeStore.class, "state store")).isNotNull();
  }

  @Test
  void start_missingSecretOrStore_failsThatComponentWithTheReason() throws Exception {
    Files.writeString(dir.resolve("s.yaml"), component("vault", "secretstores.fake", "  - name: other\n    value: x"));
    Files.writeString(dir.resolve("a.yaml"), withSecretStore(component("a", "state.fake", PASSWORD_REF), "vault"));
    Files.writeString(dir.resolve("b.yaml"), withSecretStore(component("b", "state.fake", PASSWORD_REF), "nostore"));

    start("app");

    assertThatThrownBy(() -> registry.require("a", FakeStore.class, "state store")).hasMessageContaining("dbpass");
    assertThatThrownBy(() -> registry.require("b", FakeStore.class, "state store"))
        .hasMessageContaining("secret store 'nostore'");
    assertThat(registry.require("vault", SecretStore.class, "secret store")).isNotNull();
  }

  @Test
  void reload_secretStoreAddedLater_dependentComesUpWithTheSameChange() throws Exception {
    Files.writeString(dir.resolve("a-db.yaml"), withSecretStore(component("db", "state.fake", PASSWORD_REF), "vault"));
    // Retries far apart: only the folder change can bring the component up within the test.
    folder = ComponentsFolder.load(dir);
    registry = ComponentRegistry.start(
        folder.forApp("app"),
        ComponentTypes.of(List.of(new RegistryFakes.Factory())),
        new ComponentContext("app", blocking, scheduler, dir),
        new RegistrySettings(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMillis(50), Duration.ofSeconds(2)));
    assertThatThrownBy(() -> registry.require("db", FakeStore.class, "state store"))
        .hasMessageContaining("secret store 'vault' (auth.secretStore) is not available");

    Files.writeString(dir.resolve("z-vault.yaml"), component("vault", "secretstores.fake", "  - name: dbpass\n    value: late"));
    folder.rescan();

    assertThat(registry.require("db", FakeStore.class, "state store").config.metadata()).containsEntry("password", "late");
  }

  @Test
  void start_failingCreate_isRetriedUntilItSucceeds() throws Exception {
    String name = "flaky-" + System.nanoTime();
    RegistryFakes.FAILURES.put(name, new AtomicInteger(3));
    Files.writeString(dir.resolve("f.yaml"), component(name, "state.flaky"));

    start("app");

    assertThatThrownBy(() -> registry.require(name, FakeStore.class, "state store"))
        .isInstanceOfSatisfying(CapaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_FAILED))
        .hasMessage("component '" + name + "' (state.flaky) is not available: backend refused the connection");
    assertThat(registry.health().get(name).detail()).contains("refused");
    await("the component to recover", () -> registry.health().get(name).up());
    assertThat(registry.require(name, FakeStore.class, "state store")).isNotNull();
    assertThat(RegistryFakes.FAILURES.get(name).get()).isEqualTo(-1); // three failures, one success
    assertThat(changes).anySatisfy(c -> assertThat(c.added()).extracting(ComponentSpec::name).contains(name));
  }

  @Test
  void start_badMetadataInCreate_reportedWithFileAndLineNotRetried() throws Exception {
    String text = "# leading comment\n" + component("db", "state.fake", "  - name: port\n    value: abc");
    Files.writeString(dir.resolve("db.yaml"), text);
    folder = ComponentsFolder.load(dir);
    List<ComponentError> seen = new CopyOnWriteArrayList<>();
    registry = ComponentRegistry.start(
        folder.forApp("app"),
        ComponentTypes.of(List.of(new RegistryFakes.Factory())),
        new ComponentContext("app", blocking, scheduler, dir),
        FAST);
    // Listeners added after start miss the first report; rescanning an unchanged folder does not repeat it.
    assertThat(registry.health().get("db").detail())
        .contains(dir.resolve("db.yaml") + ":" + lineOf(text, "apiVersion"))
        .contains("port")
        .contains("'abc' is not a whole number");
    registry.addListener(new ComponentsListener() {
      @Override
      public void onChange(ComponentChange change) {}

      @Override
      public void onError(ComponentError error) {
        seen.add(error);
      }
    });
    Files.writeString(dir.resolve("db.yaml"), text.replace("abc", "xyz"));
    folder.rescan();
    assertThat(seen).singleElement().satisfies(e -> {
      assertThat(e.file()).isEqualTo(dir.resolve("db.yaml"));
      assertThat(e.line()).isEqualTo(lineOf(text, "apiVersion"));
      assertThat(e.message()).contains("'xyz' is not a whole number");
    });
    Thread.sleep(FAST.maxRetry().toMillis() * 2); // a retry would report again
    assertThat(seen).hasSize(1);
  }

  @Test
  void reload_changedComponent_replacesThenClosesTheOld() throws Exception {
    Files.writeString(dir.resolve("db.yaml"), component("db", "state.fake", "  - name: host\n    value: one"));
    start("app");
    FakeStore first = registry.require("db", FakeStore.class, "state store");

    writeAtomically(dir.resolve("db.yaml"), component("db", "state.fake", "  - name: host\n    value: two"));
    folder.rescan();

    FakeStore second = registry.require("db", FakeStore.class, "state store");
    assertThat(second).isNotSameAs(first);
    assertThat(second.config.metadata()).containsEntry("host", "two");
    await("the old instance to be closed", first.closed::get);
    assertThat(second.closed).isFalse();
    assertThat(changes).anySatisfy(c -> assertThat(c.changed()).extracting(ComponentSpec::name).containsExactly("db"));
  }

  @Test
  void reload_changeThatFails_keepsTheOldInstanceServing() throws Exception {
    Files.writeString(dir.resolve("db.yaml"), component("db", "state.fake", "  - name: port\n    value: 1"));
    start("app");
    FakeStore first = registry.require("db", FakeStore.class, "state store");

    writeAtomically(dir.resolve("db.yaml"), component("db", "state.fake", "  - name: port\n    value: nope"));
    folder.rescan();

    assertThat(registry.require("db", FakeStore.class, "state store")).isSameAs(first);
    assertThat(first.closed).isFalse();
    assertThat(errors).anySatisfy(e -> assertThat(e.message()).contains("'nope' is not a whole number"));
  }

  @Test
  void addListener_changeArrivesAfterItIsApplied() throws Exception {
    Files.writeString(dir.resolve("db.yaml"), component("db", "state.fake", "  - name: host\n    value: one"));
    start("app");
    List<String> seenInListener = new CopyOnWriteArrayList<>();
    registry.addListener(new ComponentsListener() {
      @Override
      public void onChange(ComponentChange change) {
        // What a pub/sub block does to re-subscribe: look the component up again at once.
        for (ComponentSpec spec : change.changed()) {
          seenInListener.add(registry.require(spec.name(), FakeStore.class, "state store").config.metadata().get("host"));
        }
      }

      @Override
      public void onError(ComponentError error) {}
    });

    writeAtomically(dir.resolve("db.yaml"), component("db", "state.fake", "  - name: host\n    value: two"));
    folder.rescan();

    assertThat(seenInListener).containsExactly("two");
  }

  @Test
  void reload_removedComponent_isClosedAndNotFound() throws Exception {
    Files.writeString(dir.resolve("db.yaml"), component("db", "state.fake"));
    start("app");
    FakeStore db = registry.require("db", FakeStore.class, "state store");

    Files.delete(dir.resolve("db.yaml"));
    folder.rescan();

    assertThatThrownBy(() -> registry.require("db", FakeStore.class, "state store"))
        .isInstanceOfSatisfying(CapaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND));
    await("the removed instance to be closed", db.closed::get);
    assertThat(changes).anySatisfy(c -> assertThat(c.removed()).extracting(ComponentSpec::name).containsExactly("db"));
    assertThat(registry.health()).doesNotContainKey("db");
  }

  @Test
  void require_wrongKind_isNotFoundNamingTheActualType() throws Exception {
    Files.writeString(dir.resolve("db.yaml"), component("db", "state.fake"));
    start("app");

    assertThatThrownBy(() -> registry.require("db", SecretStore.class, "secret store"))
        .isInstanceOfSatisfying(CapaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND))
        .hasMessage("component 'db' is a state.fake, not a secret store");
    assertThatThrownBy(() -> registry.require("nothing", SecretStore.class, "secret store"))
        .isInstanceOfSatisfying(CapaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND))
        .hasMessageContaining("nothing");
  }

  @Test
  void scopes_componentOfAnotherApp_isNotCreatedAndLeavesWhenScopesChange() throws Exception {
    Files.writeString(dir.resolve("mine.yaml"), component("mine", "state.fake") + "scopes:\n- app\n");
    Files.writeString(dir.resolve("theirs.yaml"), component("theirs", "state.fake") + "scopes:\n- other\n");
    start("app");

    assertThat(registry.health()).containsOnlyKeys("mine");
    assertThatThrownBy(() -> registry.require("theirs", FakeStore.class, "state store"))
        .hasMessageContaining("not available to app 'app'");
    FakeStore mine = registry.require("mine", FakeStore.class, "state store");

    writeAtomically(dir.resolve("mine.yaml"), component("mine", "state.fake") + "scopes:\n- other\n");
    folder.rescan();
    assertThat(registry.health()).isEmpty();
    await("the out-of-scope instance to be closed", mine.closed::get);
  }

  @Test
  void close_closesEveryComponent() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), component("a", "state.fake"));
    Files.writeString(dir.resolve("b.yaml"), component("b", "state.fake"));
    start("app");
    FakeStore a = registry.require("a", FakeStore.class, "state store");
    FakeStore b = registry.require("b", FakeStore.class, "state store");

    registry.close();

    assertThat(a.closed).isTrue();
    assertThat(b.closed).isTrue();
    assertThat(registry.health()).isEmpty();
  }

  @Test
  void start_unknownType_isFailedAndReportedOthersServe() throws Exception {
    Files.writeString(dir.resolve("x.yaml"), component("x", "state.nosuch"));
    Files.writeString(dir.resolve("y.yaml"), component("y", "state.fake"));
    start("app");

    assertThatThrownBy(() -> registry.require("x", FakeStore.class, "state store"))
        .hasMessageContaining("unknown component type 'state.nosuch'");
    assertThat(registry.require("y", FakeStore.class, "state store")).isNotNull();
  }
}
