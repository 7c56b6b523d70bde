package io.capa.sdk.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.capa.sdk.api.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * INTERNAL API: a client's settings, resolved from the builder, then the environment, then the
 * SDK's reference.conf. Validated here, so a bad value fails the build naming where it came from.
 */
public record ClientSettings(
    String appId,
    String host,
    int port,
    Optional<String> apiToken,
    Optional<SSLContext> tls,
    Mode preferred,
    Optional<Mode> fallback,
    Duration connectTimeout,
    Duration callTimeout,
    Duration timeoutGrace,
    Duration keepaliveInterval,
    Duration keepaliveTimeout,
    Backoff backoff,
    int handlerThreads,
    int callbackThreads,
    Optional<Executor> executor,
    String sdkVersion,
    Config actorSystemConfig) {

  public static final String ENV_HOST = "CAPA_RUNTIME_HOST";
  public static final String ENV_PORT = "CAPA_GRPC_PORT";
  public static final String ENV_TOKEN = "CAPA_API_TOKEN";

  public ClientSettings {
    requireText(appId, "appId");
    requireText(host, "runtime host");
    requirePort(port, "runtime port");
    Objects.requireNonNull(apiToken, "apiToken");
    apiToken.ifPresent(t -> requireText(t, "apiToken"));
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(preferred, "preferred");
    Objects.requireNonNull(fallback, "fallback");
    if (fallback.isPresent() && fallback.get() == preferred) {
      throw new IllegalArgumentException("fallback mode must differ from the preferred mode " + preferred);
    }
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(callTimeout, "callTimeout");
    Objects.requireNonNull(timeoutGrace, "timeoutGrace");
    requirePositive(keepaliveInterval, "keepalive.interval");
    requirePositive(keepaliveTimeout, "keepalive.timeout");
    Objects.requireNonNull(backoff, "backoff");
    if (handlerThreads < 1 || callbackThreads < 1) {
      throw new IllegalArgumentException("handler-threads and callback-threads must be at least 1");
    }
    Objects.requireNonNull(executor, "executor");
    requireText(sdkVersion, "sdkVersion");
    Objects.requireNonNull(actorSystemConfig, "actorSystemConfig");
  }

  /** Reconnection delays: {@code min}, times {@code multiplier} per failure, capped at {@code max}. */
  public record Backoff(Duration min, Duration max, double multiplier) {
    public Backoff {
      requirePositive(min, "reconnect.min-backoff");
      requirePositive(max, "reconnect.max-backoff");
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("reconnect.max-backoff must not be below reconnect.min-backoff");
      }
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("reconnect.multiplier must be at least 1.0: " + multiplier);
      }
    }

    /** The delay after {@code failures} failed attempts in a row (0: the first retry). */
    public Duration delay(int failures) {
      double millis = min.toMillis() * Math.pow(multiplier, Math.max(0, failures));
      return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }
  }

  /**
   * @param token empty: not set on the builder (the environment decides); present and empty: set
   *     to none explicitly
   */
  public static ClientSettings resolve(
      String appId,
      Optional<String> host,
      Optional<Integer> port,
      Optional<Optional<String>> token,
      Optional<SSLContext> tls,
      Mode preferred,
      Optional<Mode> fallback,
      Optional<Duration> connectTimeout,
      Optional<Duration> callTimeout,
      Optional<Executor> executor,
      Function<String, String> env) {
    Config config = ConfigFactory.load(ClientSettings.class.getClassLoader()).getConfig("capa.sdk");
    String h = host.orElseGet(() -> nonBlank(env.apply(ENV_HOST)).orElse(config.getString("runtime-host")));
    int p = port.orElseGet(() -> nonBlank(env.apply(ENV_PORT)).map(ClientSettings::parsePort)
        .orElse(config.getInt("runtime-port")));
    Optional<String> t = token.orElseGet(() -> nonBlank(env.apply(ENV_TOKEN)));
    Backoff backoff = new Backoff(
        config.getDuration("reconnect.min-backoff"),
        config.getDuration("reconnect.max-backoff"),
        config.getDouble("reconnect.multiplier"));
    Config system = config.getConfig("actor-system").withFallback(ConfigFactory.load(ClientSettings.class.getClassLoader()));
    return new ClientSettings(
        appId, h, p, t, tls, preferred, fallback,
        connectTimeout.orElse(config.getDuration("connect-timeout")),
        callTimeout.orElse(config.getDuration("call-timeout")),
        config.getDuration("timeout-grace"),
        config.getDuration("keepalive.interval"),
        config.getDuration("keepalive.timeout"),
        backoff,
        config.getInt("handler-threads"),
        config.getInt("callback-threads"),
        executor,
        readSdkVersion(),
        system);
  }

  /** The same settings with another keepalive (tests use short ones). */
  public ClientSettings withKeepalive(Duration interval, Duration timeout) {
    return new ClientSettings(appId, host, port, apiToken, tls, preferred, fallback, connectTimeout, callTimeout,
        timeoutGrace, interval, timeout, backoff, handlerThreads, callbackThreads, executor, sdkVersion,
        actorSystemConfig);
  }

  /** host:port, for messages. */
  public String endpoint() {
    return host + ":" + port;
  }

  private static int parsePort(String text) {
    try {
      int p = Integer.parseInt(text.strip());
      requirePort(p, ENV_PORT);
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(ENV_PORT + " must be a port number (1-65535), not '" + text + "'", e);
    }
  }

  private static void requirePort(int port, String what) {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException(what + " must be within 1-65535: " + port);
    }
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
  }

  private static void requirePositive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
  }

  private static String readSdkVersion() {
    try (InputStream in = ClientSettings.class.getResourceAsStream("/io/capa/sdk/sdk-version.properties")) {
      if (in == null) {
        throw new IllegalStateException("sdk-version.properties is missing from the SDK's jar");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
