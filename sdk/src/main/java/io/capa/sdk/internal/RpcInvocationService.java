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
  private final TraceInjection trace;

  RpcInvocationService(RuntimeLink link, TraceInjection trace) {
    this.link = link;
    this.trace = trace;
  }

  @Override
  public CompletionStage<InvokeResponse> invoke(InvokeRequest original) {
    Objects.requireNonNull(original, "request");
    InvokeRequest request = withTrace(original);
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

  private InvokeRequest withTrace(InvokeRequest r) {
    var metadata = trace.apply(r.metadata());
    return metadata == r.metadata()
        ? r
        : new InvokeRequest(r.appId(), r.method(), r.data(), r.contentType(), r.httpVerb(), r.query(), metadata,
            r.timeout());
  }
}
