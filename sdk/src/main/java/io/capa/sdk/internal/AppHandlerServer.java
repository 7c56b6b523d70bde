package io.capa.sdk.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.invocation.InvocationHandler;
import io.capa.api.invocation.InvokeRequest;
import io.capa.api.invocation.InvokeResponse;
import io.capa.capnp.rpc.CallContext;
import io.capa.sidecar.protocol.RuntimeProtocol;
import io.capa.sidecar.protocol.internal.Convert;
import io.capa.sidecar.protocol.internal.ProtocolErrors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * INTERNAL API: the {@code AppHandler} through which the runtime delivers service invocations
 * addressed to this application. The application's handler runs on the handler executor.
 */
final class AppHandlerServer extends RuntimeProtocol.AppHandler.Server {
  private final String appId;
  private final InvocationHandler handler;
  private final Executor handlers;

  AppHandlerServer(String appId, InvocationHandler handler, Executor handlers) {
    this.appId = appId;
    this.handler = handler;
    this.handlers = handlers;
  }

  @Override
  protected CompletionStage<?> handle(CallContext call, RuntimeProtocol.AppHandler.HandleParams.Reader params,
      Supplier<RuntimeProtocol.AppHandler.HandleResults.Builder> results) {
    InvokeRequest request;
    try {
      request = Convert.invokeRequest(params.getRequest());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(ProtocolErrors.toRpc(new CapaException(ErrorCode.INVALID_REQUEST,
          "invocation of app " + appId + ": " + e.getMessage())));
    }
    CompletableFuture<Void> out = new CompletableFuture<>();
    try {
      handlers.execute(() -> {
        CompletionStage<InvokeResponse> stage;
        try {
          stage = handler.handle(request);
          if (stage == null) {
            throw new IllegalStateException("the InvocationHandler returned no stage (null)");
          }
        } catch (Throwable t) {
          stage = CompletableFuture.failedFuture(t);
        }
        stage.whenComplete((response, e) -> {
          if (e == null && response == null) {
            e = new IllegalStateException("the InvocationHandler answered null");
          }
          if (e != null) {
            out.completeExceptionally(ProtocolErrors.toRpc(failure(request, e)));
            return;
          }
          try {
            Convert.invokeResponse(response, results.get().initResponse());
            out.complete(null);
          } catch (RuntimeException x) {
            out.completeExceptionally(ProtocolErrors.toRpc(failure(request, x)));
          }
        });
      });
    } catch (RuntimeException e) {
      out.completeExceptionally(ProtocolErrors.toRpc(new CapaException(ErrorCode.OVERLOADED, "app " + appId
          + ": the application's handler executor refused the call: " + e)));
    }
    return out;
  }

  private CapaException failure(InvokeRequest request, Throwable e) {
    Throwable t = Handshake.unwrap(e);
    if (t instanceof CapaException c) {
      return c;
    }
    return new CapaException(ErrorCode.DIRECT_INVOKE, "app " + appId + " method " + request.method() + " failed: "
        + t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage()), t.getClass().getName(), t);
  }
}
