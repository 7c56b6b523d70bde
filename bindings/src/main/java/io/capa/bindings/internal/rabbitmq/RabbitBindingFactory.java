package io.capa.bindings.internal.rabbitmq;

import io.capa.bindings.spi.InputSettings;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.util.Set;

/** INTERNAL API. Creates {@code bindings.rabbitmq} components. */
public final class RabbitBindingFactory implements ComponentFactory {

  @Override
  public Set<String> types() {
    return Set.of("bindings.rabbitmq");
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) throws Exception {
    return new RabbitBinding(config.name(), RabbitSettings.from(config), InputSettings.from(config),
        context.blockingExecutor(), context.scheduler());
  }
}
