package io.capa.pubsub.internal;

import io.capa.pubsub.conformance.PubSubBrokerConformance;
import java.util.Map;

class InMemoryPubSubConformanceTest extends PubSubBrokerConformance {
  @Override
  protected String type() {
    return "pubsub.in-memory";
  }

  @Override
  protected Map<String, String> metadata() {
    return Map.of();
  }
}
