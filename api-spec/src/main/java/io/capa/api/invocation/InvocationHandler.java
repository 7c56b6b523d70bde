package io.capa.api.invocation;

import java.util.concurrent.CompletionStage;

/**
 * What an application offers to be called by others: the runtime hands it every {@link
 * InvokeRequest} addressed to its app id. Failing the stage with a {@link io.capa.api.CapaException}
 * passes its code to the caller; any other failure reaches the caller as {@code
 * ERR_DIRECT_INVOKE}.
 */
@FunctionalInterface
public interface InvocationHandler {
  CompletionStage<InvokeResponse> handle(InvokeRequest request);
}
