package io.capa.sequencer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.sequencer.Increment;
import io.capa.api.sequencer.NextIdRequest;
import io.capa.sequencer.internal.SequenceStoreFactory;
import io.capa.sequencer.testkit.TestComponents;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentSequencerServiceTest {
  private final TestComponents env = new TestComponents();
  private final ComponentSequencerService sequencer = new ComponentSequencerService(env, env.blocking);

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void nextId_unknownStore_isComponentNotFound() {
    assertThatThrownBy(() -> sequencer.nextId(NextIdRequest.of("nope", "k", Increment.STRONG))
            .toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(CapaException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND);
          assertThat(e.getMessage()).contains("nope");
        });
  }

  @Test
  void nextId_namedStore_handsOutIncreasingIds(@TempDir Path dir) throws Exception {
    env.put("seq", new SequenceStoreFactory().create(
        TestComponents.config("seq", SequenceStoreFactory.EMBEDDED, Map.of()), env.context(dir)));
    long a = sequencer.nextId(NextIdRequest.of("seq", "k", Increment.WEAK)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    long b = sequencer.nextId(NextIdRequest.of("seq", "k", Increment.STRONG)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(b).isGreaterThan(a);
  }

  @Test
  void nextId_storeDown_isComponentFailedAtOnce(@TempDir Path dir) throws Exception {
    // nothing listens on port 1: the store is created, reports itself down and refuses calls
    env.put("down", new SequenceStoreFactory().create(
        TestComponents.config("down", SequenceStoreFactory.REDIS, Map.of("redisHost", "127.0.0.1:1")), env.context(dir)));
    assertThat(env.health().get("down").up()).isFalse();
    assertThatThrownBy(() -> sequencer.nextId(NextIdRequest.of("down", "k", Increment.STRONG))
            .toCompletableFuture().get(5, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(CapaException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_FAILED));
  }
}
