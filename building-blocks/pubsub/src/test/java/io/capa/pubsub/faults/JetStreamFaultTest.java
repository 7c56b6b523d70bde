package io.capa.pubsub.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

class JetStreamFaultTest extends BrokerFaults {
  @Override
  protected String type() {
    return "pubsub.jetstream";
  }

  @Override
  protected Map<String, String> metadata(int port) {
    return Map.of("natsURL", "nats://127.0.0.1:" + port, "streamName", "faults", "ackWait", "5s");
  }

  @Override
  protected PrivateServer server(int port, Path dir) throws Exception {
    Path store = Files.createDirectories(dir.resolve("jetstream"));
    return new PrivateServer(port, dir.resolve("nats.log"),
        List.of("/usr/sbin/nats-server", "-js", "-a", "127.0.0.1", "-p", String.valueOf(port), "-sd", store.toString()));
  }
}
