package io.capa.pubsub.internal;

import io.capa.components.api.ComponentSpec;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.util.List;
import java.util.Set;

/**
 * INTERNAL API. {@code pubsub.kafka}: {@code brokers} (host:port,..., required), {@code
 * consumerGroup} / {@code consumerID}, {@code clientID}, {@code authType} (only {@code none}), {@code
 * initialOffset} ({@code newest} or {@code oldest}), {@code maxInFlight}.
 */
public final class KafkaPubSubFactory implements ComponentFactory {
  @Override
  public Set<String> types() {
    return Set.of("pubsub.kafka");
  }

  @Override
  public List<String> validate(ComponentSpec spec) {
    return Validation.of(spec, config -> KafkaSettings.of(config, "app"));
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) {
    return new KafkaBroker(KafkaSettings.of(config, context.appId()), context.blockingExecutor(), context.scheduler());
  }
}
