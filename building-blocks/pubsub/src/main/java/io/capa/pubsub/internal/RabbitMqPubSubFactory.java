package io.capa.pubsub.internal;

import io.capa.components.api.ComponentSpec;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.util.List;
import java.util.Set;

/**
 * INTERNAL API. {@code pubsub.rabbitmq}: {@code connectionString} (amqp://user:pass@host:port/vhost,
 * required), {@code consumerID}, {@code durable}, {@code deletedWhenUnused}, {@code prefetchCount},
 * {@code deliveryMode}, {@code requeueInFailure}, {@code exchangeKind}, {@code reconnectWait}.
 */
public final class RabbitMqPubSubFactory implements ComponentFactory {
  @Override
  public Set<String> types() {
    return Set.of("pubsub.rabbitmq");
  }

  @Override
  public List<String> validate(ComponentSpec spec) {
    return Validation.of(spec, config -> RabbitMqSettings.of(config, "app"));
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) throws Exception {
    return new RabbitMqBroker(RabbitMqSettings.of(config, context.appId()), context.blockingExecutor(),
        context.scheduler());
  }
}
