package io.capa.api.invocation;

import java.util.concurrent.CompletionStage;

/**
 * Service invocation of the portable API: call a method of another application by its app id,
 * wherever in the cluster it is connected. Fails with {@link io.capa.api.CapaException}: {@code
 * ERR_APP_NOT_FOUND} when no application of that id is connected anywhere, {@code ERR_OVERLOADED}
 * when the target is saturated, {@code ERR_DEADLINE_EXCEEDED} when it does not answer in time.
 */
public interface InvocationService {
  CompletionStage<InvokeResponse> invoke(InvokeRequest request);
}
