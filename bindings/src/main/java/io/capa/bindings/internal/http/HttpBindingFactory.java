package io.capa.bindings.internal.http;

import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.util.Set;

/** INTERNAL API. Creates {@code bindings.http} components. */
public final class HttpBindingFactory implements ComponentFactory {

  @Override
  public Set<String> types() {
    return Set.of("bindings.http");
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) {
    return new HttpOutputBinding(config.name(), HttpSettings.from(config), context.blockingExecutor(), context.scheduler());
  }
}
