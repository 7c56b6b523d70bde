package io.capa.bindings.internal.kafka;

import io.capa.bindings.spi.InputSettings;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.util.Set;

/** INTERNAL API. Creates {@code bindings.kafka} components. */
public final class KafkaBindingFactory implements ComponentFactory {

  @Override
  public Set<String> types() {
    return Set.of("bindings.kafka");
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) {
    KafkaSettings settings = KafkaSettings.from(config);
    return new KafkaBinding(config.name(), settings, InputSettings.from(config), context);
  }
}
