package io.capa.sdk.api;

import io.capa.api.CapaApi;
import io.capa.api.actors.ActorService;
import io.capa.api.invocation.InvocationHandler;
import io.capa.api.invocation.InvocationService;
import io.capa.sdk.internal.ClientSettings;
import io.capa.sdk.internal.DefaultCapaClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The application's handle on Capa: the building blocks, either through the runtime (SIDECAR mode)
 * or in-process (SDK mode), chosen by negotiation when the client is built.
 *
 * <p>Actors and service invocation always go through the runtime, in both modes. While the runtime
 * is unreachable their calls fail at once with {@code ERR_RUNTIME_UNAVAILABLE}; the client reconnects
 * in the background and registers again whatever the application registered, so calls work again
 * once the runtime is back, without restarting the application.
 *
 * <p>The other building blocks of {@link CapaApi} (state, pub/sub, bindings, ...) are not available
 * from this version of the SDK in either mode: SDK mode has no in-process components yet and the
 * sidecar protocol carries only actors and service invocation. Their services exist, and every call
 * on them fails with {@code ERR_NOT_SUPPORTED} naming the building block.
 *
 * <p>Every stage returned by the services completes on the client's own callback threads, never on
 * its connection thread. {@link #close()} ends the connection and releases the threads.
 */
public interface CapaClient extends CapaApi, AutoCloseable {
  static Builder builder() {
    return new Builder();
  }

  String appId();

  /** The mode decided when the client was built; it does not change for the client's life. */
  Mode mode();

  ModeDecision decision();

  /** True while a negotiated connection to the runtime is up. */
  boolean connected();

  /** Waits until {@link #connected()} is true; false when the timeout passed first. */
  boolean awaitConnected(Duration timeout) throws InterruptedException;

  /** The actor building block, through the runtime in both modes. */
  @Override
  ActorService actors();

  /** Service invocation of other applications by app id, through the runtime. */
  @Override
  InvocationService invocation();

  /**
   * Serves actor type {@code type} from this application. When connected, waits (up to the call
   * timeout) until the runtime accepted it and fails with its refusal, for instance when another
   * application already hosts the type; when disconnected, it is registered on the next connection.
   */
  Registration hostActors(String type, HostedActor actor, HostOptions options);

  /** Makes this application callable by its app id (see {@link #hostActors} for when it waits). */
  Registration registerApp(InvocationHandler handler);

  @Override
  void close();

  /** Settings of a client; {@link #build()} connects and negotiates. */
  final class Builder {
    private String appId;
    private String host;
    private Integer port;
    private String apiToken;
    private boolean apiTokenSet;
    private SSLContext tls;
    private Mode preferred = Mode.SIDECAR;
    private Mode fallback;
    private Duration connectTimeout;
    private Duration callTimeout;
    private Executor executor;
    private Function<String, String> environment = System::getenv;
    private Supplier<Map<String, String>> traceContext;
    private java.nio.file.Path components;

    private Builder() {}

    public Builder appId(String appId) {
      this.appId = appId;
      return this;
    }

    /** The runtime's RPC endpoint; by default {@code CAPA_RUNTIME_HOST}/{@code CAPA_GRPC_PORT}. */
    public Builder runtime(String host, int port) {
      this.host = host;
      this.port = port;
      return this;
    }

    /** The runtime's API token; by default {@code CAPA_API_TOKEN}. {@code null} means none. */
    public Builder apiToken(String token) {
      this.apiToken = token;
      this.apiTokenSet = true;
      return this;
    }

    /** Connects with TLS, verifying the runtime against {@code context} (host name included). */
    public Builder tls(SSLContext context) {
      this.tls = Objects.requireNonNull(context, "context");
      return this;
    }

    /** The mode the application asks for first (SIDECAR by default). */
    public Builder prefer(Mode mode) {
      this.preferred = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** The mode the application accepts when the preferred one is not available (none by default). */
    public Builder fallback(Mode mode) {
      this.fallback = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** How long connecting and negotiating may take before the runtime counts as unreachable. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** How long a call waits for the runtime's answer when the request names no timeout itself. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = timeout;
      return this;
    }

    /**
     * Runs hosted actors and app handlers; by default a pool of the client's own. The client does
     * not shut down an executor it was given.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Where the application's current trace context comes from: called on the calling thread for
     * each actor call and service invocation, its {@code traceparent} and {@code tracestate} go into
     * the request's metadata unless the request carries a {@code traceparent} of its own. The
     * runtime's spans then continue the application's trace. With OpenTelemetry:
     *
     * <pre>{@code
     * .traceContext(() -> {
     *   Map<String, String> m = new HashMap<>();
     *   GlobalOpenTelemetry.getPropagators().getTextMapPropagator().inject(Context.current(), m, Map::put);
     *   return m;
     * })
     * }</pre>
     */
    public Builder traceContext(Supplier<Map<String, String>> current) {
      this.traceContext = Objects.requireNonNull(current, "current");
      return this;
    }

    /**
     * The components folder for SDK mode: when the negotiated mode is SDK, the building blocks are
     * served in this process from these components, by the {@link io.capa.sdk.spi.LocalBlocks.Provider}
     * on the class path. Ignored in SIDECAR mode.
     */
    public Builder components(java.nio.file.Path folder) {
      this.components = Objects.requireNonNull(folder, "folder");
      return this;
    }

    /** Reads the environment through {@code env} instead of {@link System#getenv(String)}. */
    Builder environment(Function<String, String> env) {
      this.environment = Objects.requireNonNull(env, "env");
      return this;
    }

    /**
     * Connects to the runtime and negotiates the mode. Fails with a {@link io.capa.api.CapaException}
     * when the runtime answers with a mode the application does not accept or refuses its token; an
     * unreachable runtime does not fail the build (see the README's negotiation table).
     */
    public CapaClient build() {
      ClientSettings settings = ClientSettings.resolve(
          appId, Optional.ofNullable(host), Optional.ofNullable(port),
          apiTokenSet ? Optional.of(Optional.ofNullable(apiToken)) : Optional.empty(),
          Optional.ofNullable(tls), preferred, Optional.ofNullable(fallback),
          Optional.ofNullable(connectTimeout), Optional.ofNullable(callTimeout), Optional.ofNullable(executor),
          environment);
      return DefaultCapaClient.start(settings, Optional.ofNullable(components), traceContext);
    }
  }
}
