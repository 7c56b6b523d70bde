package io.capa.pubsub.internal;

import io.capa.components.api.ComponentSpec;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.util.List;
import java.util.Set;

/**
 * INTERNAL API. {@code pubsub.jetstream}: {@code natsURL} (required), {@code name}, {@code
 * streamName}, {@code durableName} / {@code consumerID}, {@code ackWait}, {@code maxDeliver}, {@code
 * maxAckPending}, {@code deliverPolicy}.
 */
public final class JetStreamPubSubFactory implements ComponentFactory {
  @Override
  public Set<String> types() {
    return Set.of("pubsub.jetstream");
  }

  @Override
  public List<String> validate(ComponentSpec spec) {
    return Validation.of(spec, config -> JetStreamSettings.of(config, "app"));
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) throws InterruptedException {
    return new JetStreamBroker(JetStreamSettings.of(config, context.appId()), context.blockingExecutor());
  }
}
