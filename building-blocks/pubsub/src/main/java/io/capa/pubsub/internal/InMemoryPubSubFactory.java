package io.capa.pubsub.internal;

import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.util.Set;

/** INTERNAL API. {@code pubsub.in-memory}; metadata: {@code consumerID} (default: the app id). */
public final class InMemoryPubSubFactory implements ComponentFactory {
  @Override
  public Set<String> types() {
    return Set.of("pubsub.in-memory");
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) {
    return new InMemoryBroker(config.string("consumerID", context.appId()), context.blockingExecutor());
  }
}
