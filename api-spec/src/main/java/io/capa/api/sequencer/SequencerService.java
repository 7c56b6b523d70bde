package io.capa.api.sequencer;

import java.util.concurrent.CompletionStage;

/**
 * Ids that increase per key (order numbers, versions). Fails with {@link io.capa.api.CapaException}
 * {@code ERR_COMPONENT_NOT_FOUND} for an unknown store and {@code ERR_COMPONENT_FAILED} when the store
 * errs; a failed call hands out no id.
 */
public interface SequencerService {
  CompletionStage<Long> nextId(NextIdRequest request);
}
