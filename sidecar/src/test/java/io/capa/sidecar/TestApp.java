package io.capa.sidecar;

import io.capa.api.invocation.InvokeRequest;
import io.capa.api.invocation.InvokeResponse;
import io.capa.capnp.rpc.CallContext;
import io.capa.capnp.rpc.RpcException;
import io.capa.sidecar.protocol.RuntimeProtocol.AppHandler;
import io.capa.sidecar.protocol.internal.Convert;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * An application others call by app id: "echo" answers with what it got, "deny" fails with an error
 * code, "badStatus" answers a status outside HTTP's range, "never" does not answer.
 */
final class TestApp extends AppHandler.Server {
  final String name;
  final List<InvokeRequest> seen = new CopyOnWriteArrayList<>();
  /** Calls of "never" whose caller gave up and cancelled them. */
  final java.util.concurrent.atomic.AtomicInteger canceled = new java.util.concurrent.atomic.AtomicInteger();

  TestApp(String name) {
    this.name = name;
  }

  @Override
  protected CompletionStage<?> handle(CallContext call, AppHandler.HandleParams.Reader params,
      Supplier<AppHandler.HandleResults.Builder> results) {
    InvokeRequest r = Convert.invokeRequest(params.getRequest());
    seen.add(r);
    return switch (r.method()) {
      case "echo" -> {
        String body = name + ":" + new String(r.data(), StandardCharsets.UTF_8);
        Convert.invokeResponse(new InvokeResponse(201, body.getBytes(StandardCharsets.UTF_8), "text/plain",
            Map.of("verb", r.httpVerb(), "query", r.query(), "trace", r.metadata().getOrDefault("trace", ""))),
            results.get().initResponse());
        yield CompletableFuture.completedFuture(null);
      }
      case "deny" -> CompletableFuture.failedFuture(RpcException.failed("ERR_PERMISSION_DENIED: " + name + " says no"));
      case "badStatus" -> {
        results.get().initResponse().setStatus(999);
        yield CompletableFuture.completedFuture(null);
      }
      case "never" -> {
        call.whenCanceled().thenRun(canceled::incrementAndGet);
        yield new CompletableFuture<Void>();
      }
      default -> CompletableFuture.failedFuture(RpcException.failed("ERR_ROUTE_NOT_FOUND: no method " + r.method()));
    };
  }
}
