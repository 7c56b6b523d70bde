package io.capa.lock.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.lock.LockRequest;
import io.capa.api.lock.UnlockRequest;
import io.capa.api.lock.UnlockStatus;
import io.capa.components.api.ComponentRegistry;
import io.capa.components.api.ComponentsFolder;
import io.capa.components.spi.ComponentTypes;
import io.capa.lock.testkit.TestComponents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lock stores defined in a components folder, found through the ServiceLoader and the registry. */
class LockRegistryTest {
  @TempDir Path dir;

  @Test
  void componentsFolder_lockStores_serveThroughTheRegistry() throws Exception {
    Files.writeString(dir.resolve("locks.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: memlock
        spec:
          type: lock.in-memory
          version: v1
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: redislock
        spec:
          type: lock.redis
          version: v1
          metadata:
          - name: redisHost
            value: 127.0.0.1:6379
        """);
    try (TestComponents env = new TestComponents();
        ComponentRegistry registry = ComponentRegistry.start(ComponentsFolder.load(dir), ComponentTypes.discover(), env.context(dir))) {
      ComponentLockService locks = new ComponentLockService(registry, env.blocking);
      for (String store : new String[] {"memlock", "redislock"}) {
        String resource = "reg-" + java.util.UUID.randomUUID();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!registry.health().get(store).up()) {
          assertThat(System.nanoTime() - end).as("%s up", store).isNegative();
          Thread.sleep(20);
        }
        assertThat(locks.tryLock(new LockRequest(store, resource, "a", Duration.ofSeconds(30)))
            .toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(locks.unlock(new UnlockRequest(store, resource, "a")).toCompletableFuture().get(5, TimeUnit.SECONDS))
            .isEqualTo(UnlockStatus.SUCCESS);
      }
    }
  }

  @Test
  void componentsFolder_redisWithoutHost_isReportedAndNotServed() throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: badlock
        spec:
          type: lock.redis
          version: v1
        """);
    try (TestComponents env = new TestComponents();
        ComponentRegistry registry = ComponentRegistry.start(ComponentsFolder.load(dir), ComponentTypes.discover(), env.context(dir))) {
      ComponentLockService locks = new ComponentLockService(registry, env.blocking);
      assertThatThrownBy(() -> locks.tryLock(new LockRequest("badlock", "r", "a", Duration.ofSeconds(5)))
              .toCompletableFuture().get(5, TimeUnit.SECONDS))
          .cause().isInstanceOfSatisfying(CapaException.class, e -> {
            assertThat(e.errorCode()).isIn(ErrorCode.COMPONENT_FAILED, ErrorCode.COMPONENT_NOT_FOUND);
            assertThat(e.getMessage()).contains("redisHost");
          });
    }
  }
}
