package io.capa.pubsub.internal;

import io.capa.components.api.ComponentSpec;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.util.List;
import java.util.Set;

/**
 * INTERNAL API. {@code pubsub.mqtt3}: {@code url} (tcp://host:port, required), {@code consumerID},
 * {@code qos} (default 1), {@code retain}, {@code cleanSession} (default false), {@code reconnectWait}.
 */
public final class MqttPubSubFactory implements ComponentFactory {
  @Override
  public Set<String> types() {
    return Set.of("pubsub.mqtt3", "pubsub.mqtt");
  }

  @Override
  public List<String> validate(ComponentSpec spec) {
    return Validation.of(spec, config -> MqttSettings.of(config, "app"));
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) throws Exception {
    return new MqttBroker(MqttSettings.of(config, context.appId()), context.blockingExecutor(), context.scheduler());
  }
}
