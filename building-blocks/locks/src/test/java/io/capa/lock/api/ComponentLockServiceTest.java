package io.capa.lock.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.lock.LockRequest;
import io.capa.api.lock.UnlockRequest;
import io.capa.api.lock.UnlockStatus;
import io.capa.lock.internal.LockStoreFactory;
import io.capa.lock.testkit.TestComponents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ComponentLockServiceTest {
  private final TestComponents env = new TestComponents();
  private final ComponentLockService locks = new ComponentLockService(env, env.blocking);

  ComponentLockServiceTest() throws Exception {
    env.put("mem", new LockStoreFactory().create(
        TestComponents.config("mem", LockStoreFactory.IN_MEMORY, Map.of()), env.context(Path.of("."))));
  }

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void tryLock_unknownStore_isComponentNotFound() {
    assertThatThrownBy(() -> locks.tryLock(new LockRequest("nope", "r", "o", Duration.ofSeconds(1)))
            .toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(CapaException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND);
          assertThat(e.getMessage()).contains("nope");
        });
  }

  @Test
  void unlock_unknownStore_isComponentNotFound() {
    assertThatThrownBy(() -> locks.unlock(new UnlockRequest("nope", "r", "o")).toCompletableFuture().get(5, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(CapaException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND));
  }

  @Test
  void lockUnlockExtend_routeToTheNamedStore() throws Exception {
    LockRequest a = new LockRequest("mem", "r", "a", Duration.ofSeconds(30));
    assertThat(locks.tryLock(a).toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(locks.extend(a).toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(locks.unlock(new UnlockRequest("mem", "r", "b")).toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isEqualTo(UnlockStatus.LOCK_BELONGS_TO_OTHERS);
    assertThat(locks.unlock(new UnlockRequest("mem", "r", "a")).toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isEqualTo(UnlockStatus.SUCCESS);
  }
}
