package io.capa.bindings.internal.http;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.bindings.spi.OutputBinding;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * INTERNAL API. {@code bindings.http}: one HTTP call per invocation to {@code url} (plus the
 * request's {@code path} metadata); other request metadata become request headers. A 2xx or 3xx
 * answer is the response; 4xx fails at once; 5xx and connection errors are retried with doubling
 * backoff for idempotent methods only (never {@code post} or {@code patch}).
 */
final class HttpOutputBinding implements OutputBinding {
  static final Set<String> OPERATIONS = Set.of("get", "post", "put", "delete", "patch", "head", "options", "create");
  private static final Set<String> IDEMPOTENT = Set.of("get", "put", "delete", "head", "options");
  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade", "path");

  private final String name;
  private final HttpSettings settings;
  private final HttpClient client;
  private final Executor blocking;
  private final ScheduledExecutorService scheduler;

  HttpOutputBinding(String name, HttpSettings settings, Executor blocking, ScheduledExecutorService scheduler) {
    this.name = name;
    this.settings = settings;
    this.blocking = blocking;
    this.scheduler = scheduler;
    this.client = HttpClient.newBuilder().executor(blocking).connectTimeout(settings.responseTimeout())
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  @Override
  public Set<String> operations() {
    return OPERATIONS;
  }

  @Override
  public CompletionStage<BindingResponse> invoke(BindingRequest request) {
    HttpRequest http;
    try {
      http = build(request);
    } catch (CapaException e) {
      return CompletableFuture.failedStage(e);
    }
    return attempt(http, request.operation(), 0);
  }

  private CompletionStage<BindingResponse> attempt(HttpRequest http, String operation, int n) {
    CompletableFuture<BindingResponse> result = new CompletableFuture<>();
    client.sendAsync(http, info -> new LimitedBody(settings.maxResponseBodySize()))
        .thenApplyAsync(this::read, blocking)
        .whenComplete((response, error) -> {
          Throwable cause = unwrap(error);
          if (cause instanceof LimitedBody.TooLarge) {
            cause = new CapaException(ErrorCode.PAYLOAD_TOO_LARGE, "binding '" + name + "': the response of "
                + http.uri() + " is larger than maxResponseBodySize " + settings.maxResponseBodySize() + " bytes");
          }
          boolean retryable = cause != null && IDEMPOTENT.contains(operation) && n < settings.maxRetries()
              && (cause instanceof IOException || cause instanceof ServerError);
          if (retryable) {
            long delay = settings.retryBackoff().toMillis() << n;
            scheduler.schedule(() -> attempt(http, operation, n + 1).whenComplete((r, e) -> {
              if (e == null) {
                result.complete(r);
              } else {
                result.completeExceptionally(e);
              }
            }), delay, TimeUnit.MILLISECONDS);
          } else if (cause != null) {
            result.completeExceptionally(cause instanceof CapaException ? cause
                : new CapaException(ErrorCode.COMPONENT_FAILED, "binding '" + name + "': " + http.method() + " "
                    + http.uri() + " failed: " + cause.getMessage(), cause));
          } else {
            result.complete(response);
          }
        });
    return result;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException
        || (t instanceof IOException && t.getCause() instanceof LimitedBody.TooLarge)) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Turns the status into the answer or a failure. */
  private BindingResponse read(HttpResponse<byte[]> r) {
    byte[] body = r.body();
    int status = r.statusCode();
    if (status >= 500) {
      throw new ServerError("binding '" + name + "': " + r.request().method() + " " + r.uri() + " answered " + status);
    }
    if (status >= 400) {
      throw new CapaException(ErrorCode.COMPONENT_FAILED, "binding '" + name + "': " + r.request().method() + " "
          + r.uri() + " answered " + status + ": " + new String(body, 0, Math.min(body.length, 200),
              java.nio.charset.StandardCharsets.UTF_8));
    }
    Map<String, String> md = new LinkedHashMap<>();
    md.put("statusCode", String.valueOf(status));
    r.headers().map().forEach((k, v) -> md.put(k, String.join(", ", v)));
    return new BindingResponse(body, md);
  }

  private HttpRequest build(BindingRequest request) {
    URI uri = settings.url();
    String path = request.metadata().get("path");
    if (path != null && !path.isBlank()) {
      String base = uri.toString();
      String joined = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + (path.startsWith("/") ? path : "/" + path);
      try {
        uri = URI.create(joined);
      } catch (IllegalArgumentException e) {
        throw new CapaException(ErrorCode.INVALID_REQUEST, "binding '" + name + "': metadata path '" + path
            + "' does not make a URL: " + e.getMessage());
      }
      if (!uri.getHost().equals(settings.url().getHost())) {
        throw new CapaException(ErrorCode.INVALID_REQUEST, "binding '" + name + "': metadata path '" + path
            + "' leaves the host of url");
      }
    }
    String method = request.operation().equals("create") ? "POST" : request.operation().toUpperCase(Locale.ROOT);
    HttpRequest.BodyPublisher body = request.data().length == 0 && !method.equals("POST") && !method.equals("PUT")
        && !method.equals("PATCH") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.data());
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.responseTimeout()).method(method, body);
    for (Map.Entry<String, String> h : request.metadata().entrySet()) {
      if (RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        continue;
      }
      try {
        b.header(h.getKey(), h.getValue());
      } catch (IllegalArgumentException e) {
        throw new CapaException(ErrorCode.INVALID_REQUEST, "binding '" + name + "': metadata '" + h.getKey()
            + "' cannot be sent as a header: " + e.getMessage());
      }
    }
    return b.build();
  }

  @Override
  public void close() {
    // The JDK client holds no threads of its own here (it runs on the blocking executor).
  }

  /** A 5xx answer: retryable for idempotent methods. */
  private static final class ServerError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ServerError(String message) {
      super(message);
    }
  }
}
