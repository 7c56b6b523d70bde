package io.capa.bindings.api;

import static io.capa.bindings.testing.TestConfigs.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.bindings.spi.BindingStreams;
import io.capa.bindings.spi.InputBinding;
import io.capa.bindings.testing.RecordingTarget;
import io.capa.bindings.testing.TestConfigs;
import io.capa.components.api.ComponentRegistry;
import io.capa.components.api.ComponentsFolder;
import io.capa.components.spi.ComponentTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bindings from a components folder through the real registry, the factories found by ServiceLoader. */
class ComponentsFolderBindingsTest {

  @Test
  void folder_localstorageAndCron_areServedByTheirFactories(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("files");
    Path components = Files.createDirectories(dir.resolve("components"));
    Files.writeString(components.resolve("bindings.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: files
        spec:
          type: bindings.localstorage
          version: v1
          metadata:
          - name: rootPath
            value: %s
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: tick
        spec:
          type: bindings.cron
          version: v1
          metadata:
          - name: schedule
            value: "@every 100ms"
        """.formatted(root));
    ComponentsFolder folder = ComponentsFolder.load(components);
    try (ComponentRegistry registry = ComponentRegistry.start(folder, ComponentTypes.discover(), TestConfigs.context())) {
      ComponentBindingService service = new ComponentBindingService(registry);
      service.invoke(new BindingRequest("files", "create", "hi".getBytes(StandardCharsets.UTF_8), Map.of("fileName", "a.txt")))
          .toCompletableFuture().join();
      assertThat(root.resolve("a.txt")).hasContent("hi");
      // The cron component is an input binding only.
      assertThat(registry.names(InputBinding.class)).containsExactly("tick");
      try {
        service.invoke(BindingRequest.of("tick", "create", new byte[0])).toCompletableFuture().join();
        throw new AssertionError("an input binding answered an output call");
      } catch (CompletionException e) {
        assertThat(((CapaException) e.getCause()).errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND);
      }

      RecordingTarget target = new RecordingTarget();
      try (InputBindings inputs = new InputBindings(registry, (n, s) -> target, service, BindingStreams.materializer(),
          TestConfigs.SCHEDULER, TestConfigs.BLOCKING)) {
        inputs.start();
        assertThat(inputs.running()).containsExactly("tick");
        await("cron firings through the registry", 30, () -> target.received.size() >= 2);
      }
    } finally {
      folder.close();
    }
  }
}
