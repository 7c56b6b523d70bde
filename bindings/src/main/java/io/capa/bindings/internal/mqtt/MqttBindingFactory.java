package io.capa.bindings.internal.mqtt;

import io.capa.bindings.spi.InputSettings;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.util.Set;

/** INTERNAL API. Creates {@code bindings.mqtt3} components. */
public final class MqttBindingFactory implements ComponentFactory {

  @Override
  public Set<String> types() {
    return Set.of("bindings.mqtt3", "bindings.mqtt");
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) throws Exception {
    return new MqttBinding(config.name(), MqttSettings.from(config), InputSettings.from(config), context.scheduler());
  }
}
