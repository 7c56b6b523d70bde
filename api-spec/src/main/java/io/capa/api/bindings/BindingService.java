package io.capa.api.bindings;

import java.util.concurrent.CompletionStage;

/**
 * Output bindings: calls of external systems (queues, mail, storage, HTTP endpoints ...) through a
 * named component. Fails with {@link io.capa.api.CapaException}: {@code ERR_COMPONENT_NOT_FOUND} for
 * an unknown binding, {@code ERR_NOT_SUPPORTED} for an operation it does not offer, {@code
 * ERR_COMPONENT_FAILED} when the external system errs.
 */
public interface BindingService {
  CompletionStage<BindingResponse> invoke(BindingRequest request);
}
