package io.capa.bindings.internal.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import io.capa.bindings.spi.InputSettings;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.util.Set;

/** INTERNAL API. Creates {@code bindings.rabbitmq} components; the broker may be away. */
public final class RabbitBindingFactory implements ComponentFactory {

  @Override
  public Set<String> types() {
    return Set.of("bindings.rabbitmq");
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) {
    RabbitSettings settings = RabbitSettings.from(config);
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(settings.host());
    } catch (Exception e) {
      throw config.invalid("host", "'" + settings.host().replaceAll("//[^@/]*@", "//") + "' is not an AMQP URL: "
          + e.getMessage());
    }
    // Reconnection is the binding's own, with backoff from the very first attempt.
    factory.setAutomaticRecoveryEnabled(false);
    factory.setTopologyRecoveryEnabled(false);
    factory.setConnectionTimeout(10_000);
    factory.setRequestedHeartbeat(10);
    RabbitPublisher publisher = new RabbitPublisher(context.blockingExecutor());
    return new RabbitBinding(config.name(), settings, InputSettings.from(config),
        onConnected -> new RabbitConnection(settings, factory, context.scheduler(), context.blockingExecutor(), onConnected),
        publisher, context.scheduler());
  }
}
