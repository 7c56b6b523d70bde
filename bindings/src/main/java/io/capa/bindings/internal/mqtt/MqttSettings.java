package io.capa.bindings.internal.mqtt;

import io.capa.bindings.spi.Direction;
import io.capa.components.spi.ComponentConfig;
import java.util.Optional;

/** INTERNAL API. The {@code bindings.mqtt3} metadata (Dapr's names). */
record MqttSettings(Direction direction, String url, String topic, String clientId, int qos, boolean retain,
    boolean cleanSession, Optional<String> username, Optional<String> password) {

  static MqttSettings from(ComponentConfig c) {
    String url = c.required("url");
    if (!url.matches("(tcp|ssl|ws|wss)://[^/:]+(:\\d+)?/?")) {
      throw c.invalid("url", "'" + url + "' is not tcp://host:port (or ssl://, ws://, wss://)");
    }
    int qos = c.integer("qos", 1);
    if (qos < 0 || qos > 2) {
      throw c.invalid("qos", "'" + qos + "' is not 0, 1 or 2");
    }
    String clientId = c.string("consumerID", "capa-" + c.name(), "clientID");
    if (clientId.length() > 60) {
      throw c.invalid("consumerID", "longer than 60 characters (brokers may refuse it)");
    }
    return new MqttSettings(Direction.from(c), url.replaceAll("/$", ""), c.required("topic"), clientId, qos,
        c.bool("retain", false), c.bool("cleanSession", false), c.find("username"), c.find("password"));
  }
}
