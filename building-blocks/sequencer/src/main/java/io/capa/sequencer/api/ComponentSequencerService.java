package io.capa.sequencer.api;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.sequencer.NextIdRequest;
import io.capa.api.sequencer.SequencerService;
import io.capa.components.api.Components;
import io.capa.sequencer.spi.SequenceStore;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The sequencer building block over the configured sequencer components. Every backend here hands
 * out ids that are strictly greater than all earlier ones of the key, so {@link
 * io.capa.api.sequencer.Increment#WEAK} is served as {@code STRONG}; results complete on {@code
 * executor}.
 */
public final class ComponentSequencerService implements SequencerService {
  private final Components components;
  private final Executor executor;

  public ComponentSequencerService(Components components, Executor executor) {
    this.components = Objects.requireNonNull(components, "components");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public CompletionStage<Long> nextId(NextIdRequest request) {
    CompletionStage<Long> r;
    try {
      r = components.require(request.store(), SequenceStore.class, "sequencer store").nextId(request.key());
    } catch (RuntimeException e) {
      r = CompletableFuture.failedFuture(e);
    }
    return r.handleAsync((id, e) -> {
      if (e != null) {
        Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        throw c instanceof CapaException ce ? ce
            : new CapaException(ErrorCode.COMPONENT_FAILED, "sequencer store '" + request.store() + "' failed: " + c, c);
      }
      return id;
    }, executor);
  }
}
