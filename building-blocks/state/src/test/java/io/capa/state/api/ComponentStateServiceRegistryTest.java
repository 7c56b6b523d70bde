package io.capa.state.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.state.SaveRequest;
import io.capa.api.state.StateItem;
import io.capa.components.api.ComponentRegistry;
import io.capa.components.api.ComponentsFolder;
import io.capa.components.spi.ComponentTypes;
import io.capa.state.testkit.TestComponents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state service over the runtime's component registry, reading a Dapr-shaped components folder. */
class ComponentStateServiceRegistryTest {
  @TempDir Path dir;

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void save_storeFromTheComponentsFolder_isRoutedByName() throws Exception {
    Path components = Files.createDirectories(dir.resolve("components"));
    Files.writeString(components.resolve("state.yaml"), String.join("\n",
        "apiVersion: dapr.io/v1alpha1",
        "kind: Component",
        "metadata:",
        "  name: orders",
        "spec:",
        "  type: state.h2",
        "  version: v1",
        "  metadata:",
        "  - name: url",
        "    value: jdbc:h2:file:" + dir.resolve("orders-db").toAbsolutePath(),
        "  - name: keyPrefix",
        "    value: name",
        ""));
    try (TestComponents test = new TestComponents("shop");
        ComponentsFolder folder = ComponentsFolder.load(components);
        ComponentRegistry registry = ComponentRegistry.start(folder, ComponentTypes.discover(), test.context())) {
      ComponentStateService state = new ComponentStateService(registry, "shop", test.executor());
      assertThat(TestComponents.await(Duration.ofSeconds(30), () -> registry.health().getOrDefault("orders",
          io.capa.components.spi.ComponentHealth.down("absent")).up())).isTrue();

      await(state.save("orders", SaveRequest.of("o1", "paid".getBytes(StandardCharsets.UTF_8))));

      assertThat(await(state.get("orders", "o1")).map(StateItem::value)).hasValue("paid".getBytes(StandardCharsets.UTF_8));
      assertThat(await(state.get("orders", "o1")).map(StateItem::key)).hasValue("o1");
      assertThatThrownBy(() -> await(state.get("payments", "o1")))
          .isInstanceOfSatisfying(CapaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND));
    }
  }
}
