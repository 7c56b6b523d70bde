package io.capa.pubsub.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

class MqttFaultTest extends BrokerFaults {
  @Override
  protected String type() {
    return "pubsub.mqtt3";
  }

  @Override
  protected Map<String, String> metadata(int port) {
    return Map.of("url", "tcp://127.0.0.1:" + port, "consumerID", "faults");
  }

  @Override
  protected PrivateServer server(int port, Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("mosquitto"));
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(conf, "listener " + port + " 127.0.0.1\n"
        + "allow_anonymous true\n"
        + "persistence true\n"
        + "persistence_location " + data + "/\n"
        + "max_queued_messages 10000\n");
    String mosquitto = Files.exists(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
    return new PrivateServer(port, dir.resolve("mosquitto.log"), List.of(mosquitto, "-c", conf.toString()));
  }
}
