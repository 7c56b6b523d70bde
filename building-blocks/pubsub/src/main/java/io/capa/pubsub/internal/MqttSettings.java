package io.capa.pubsub.internal;

import io.capa.components.spi.ComponentConfig;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** INTERNAL API. The metadata of a {@code pubsub.mqtt3} component. */
record MqttSettings(
    String component,
    String url,
    String consumerGroup,
    int qos,
    boolean retain,
    boolean cleanSession,
    Duration reconnectWait,
    Duration publishTimeout) {

  static MqttSettings of(ComponentConfig config, String appId) {
    String url = config.required("url");
    if (!url.matches("(tcp|ssl|mqtt|mqtts|ws|wss)://[^/]+/?")) {
      throw config.invalid("url", "'" + url + "' is not an MQTT broker URL (tcp://host:port)");
    }
    url = url.replaceFirst("^mqtt://", "tcp://").replaceFirst("^mqtts://", "ssl://").replaceFirst("/$", "");
    int qos = config.integer("qos", 1);
    if (qos < 0 || qos > 2) {
      throw config.invalid("qos", "must be 0, 1 or 2");
    }
    return new MqttSettings(
        config.name(),
        url,
        config.string("consumerID", appId),
        qos,
        config.bool("retain", false),
        config.bool("cleanSession", false),
        config.duration("reconnectWait", Duration.ofSeconds(1), ChronoUnit.SECONDS),
        config.duration("publishTimeout", Duration.ofSeconds(5), ChronoUnit.SECONDS));
  }
}
