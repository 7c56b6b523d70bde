package io.capa.sdk.internal;

import io.capa.api.invocation.InvocationService;
import io.capa.api.invocation.InvokeRequest;
import io.capa.api.invocation.InvokeResponse;
import io.capa.sidecar.protocol.internal.Convert;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** INTERNAL API: service invocation over {@code Runtime.invoke}. */
final class RpcInvocationService implements InvocationService {
  private final RuntimeLink link;

  RpcInvocationService(RuntimeLink link) {
    this.link = link;
  }

  @Override
  public CompletionStage<InvokeResponse> invoke(InvokeRequest request) {
    Objects.requireNonNull(request, "request");
    Duration wait = request.timeout() == null
        ? link.settings().callTimeout()
        : request.timeout().plus(link.settings().timeoutGrace());
    return link.call("invoke app " + request.appId() + " method " + request.method(), wait,
        rt -> {
          var p = rt.invoke(b -> Convert.invokeRequest(request, b.initRequest()));
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> Convert.invokeResponse(r.getResponse()));
  }
}
