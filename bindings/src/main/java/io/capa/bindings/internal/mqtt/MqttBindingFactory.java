package io.capa.bindings.internal.mqtt;

import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.util.Set;
import org.eclipse.paho.client.mqttv3.MqttException;

/** INTERNAL API. Creates {@code bindings.mqtt3} (alias {@code bindings.mqtt}) components; the broker may be away. */
public final class MqttBindingFactory implements ComponentFactory {

  @Override
  public Set<String> types() {
    return Set.of("bindings.mqtt3", "bindings.mqtt");
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) {
    MqttSettings settings = MqttSettings.from(config, context.appId());
    try {
      return new MqttBinding(config.name(), settings, MqttSettings.inputSettings(config), context);
    } catch (MqttException e) {
      throw config.invalid("url", "'" + settings.url() + "' is refused by the MQTT client: " + e.getMessage());
    }
  }
}
