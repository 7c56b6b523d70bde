package io.capa.pubsub.internal;

import io.capa.pubsub.conformance.PubSubBrokerConformance;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.util.Map;

class JetStreamPubSubConformanceTest extends PubSubBrokerConformance {
  private final String stream = "capa-conformance-" + suffix;

  @Override
  protected String type() {
    return "pubsub.jetstream";
  }

  @Override
  protected Map<String, String> metadata() {
    return Map.of("natsURL", "nats://127.0.0.1:4222", "streamName", stream, "ackWait", "10s");
  }

  @Override
  protected void cleanUp() throws Exception {
    try (Connection c = Nats.connect("nats://127.0.0.1:4222")) {
      c.jetStreamManagement().deleteStream(stream);
    } catch (io.nats.client.JetStreamApiException notCreated) {
      // a test that failed before publishing left no stream
    }
  }
}
