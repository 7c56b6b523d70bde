package io.capa.bindings.internal.mqtt;

import io.capa.bindings.spi.Direction;
import io.capa.bindings.spi.InputSettings;
import io.capa.components.spi.ComponentConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;

/**
 * INTERNAL API. The {@code bindings.mqtt3} metadata, Dapr's names.
 *
 * @param username from the URL's user part ({@code tcp://user:password@host:1883}); empty for none
 * @param consumerId the client id stem: the producer connects as {@code <consumerId>-producer}, the
 *     consumer as {@code <consumerId>-consumer}, so both sides of one component can be connected
 * @param cleanSession for the consumer; false keeps the broker session, and with it the QoS 1
 *     messages that arrive while the runtime is away
 * @param bufferSize events received and not yet taken by the runtime before the client stops reading
 */
record MqttSettings(
    Direction direction,
    String url,
    String username,
    String password,
    String topic,
    int qos,
    boolean retain,
    boolean cleanSession,
    String consumerId,
    int bufferSize,
    Duration connectTimeout,
    Duration keepAlive,
    Duration maxReconnectWait) {
  private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "mqtt", "mqtts");

  static MqttSettings from(ComponentConfig c, String appId) {
    String url = normalizeUrl(c, c.required("url"));
    String topic = c.required("topic");
    int qos = c.integer("qos", 1);
    if (qos < 0 || qos > 2) {
      throw c.invalid("qos", "'" + qos + "' is not 0, 1 or 2");
    }
    int buffer = c.integer("bufferSize", 64);
    if (buffer < 1) {
      throw c.invalid("bufferSize", "'" + buffer + "' must be positive");
    }
    Duration maxWait = c.duration("maxReconnectWait", Duration.ofSeconds(30), ChronoUnit.SECONDS);
    if (maxWait.isZero()) {
      throw c.invalid("maxReconnectWait", "must be more than 0");
    }
    String user = "";
    String password = "";
    String info = URI.create(c.required("url")).getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = java.net.URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), java.nio.charset.StandardCharsets.UTF_8);
      password = colon < 0 ? "" : java.net.URLDecoder.decode(info.substring(colon + 1), java.nio.charset.StandardCharsets.UTF_8);
    }
    return new MqttSettings(
        Direction.from(c),
        url,
        user,
        password,
        topic,
        qos,
        c.bool("retain", false),
        c.bool("cleanSession", false),
        c.string("consumerID", appId, "clientID"),
        buffer,
        c.duration("connectTimeout", Duration.ofSeconds(10), ChronoUnit.SECONDS),
        c.duration("keepAlive", Duration.ofSeconds(30), ChronoUnit.SECONDS),
        maxWait);
  }

  /**
   * Dapr's {@code backOffMaxRetries} (how often a refused message is retried; -1 for ever) is the
   * runtime's {@code maxRetries} when the latter is not set.
   */
  static InputSettings inputSettings(ComponentConfig c) {
    InputSettings s = InputSettings.from(c);
    if (c.find("maxRetries").isPresent() || c.find("backOffMaxRetries").isEmpty()) {
      return s;
    }
    int retries = c.integer("backOffMaxRetries", 0);
    if (retries < -1) {
      throw c.invalid("backOffMaxRetries", "'" + retries + "' is below -1 (-1 retries for ever)");
    }
    return new InputSettings(s.target(), s.route(), s.parallelism(), retries == -1 ? Integer.MAX_VALUE : retries,
        s.retryBackoff(), s.responseBindings());
  }

  /** Paho takes tcp:// and ssl://; Dapr also accepts mqtt:// and mqtts:// for the same. */
  private static String normalizeUrl(ComponentConfig c, String raw) {
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      throw c.invalid("url", "'" + raw + "' is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme) || uri.getHost() == null) {
      throw c.invalid("url", "'" + raw + "' is not tcp://host:port or ssl://host:port");
    }
    String paho = scheme.equals("mqtt") ? "tcp" : scheme.equals("mqtts") ? "ssl" : scheme;
    int port = uri.getPort() != -1 ? uri.getPort() : paho.equals("ssl") ? 8883 : 1883;
    return paho + "://" + uri.getHost() + ":" + port;
  }
}
