package io.capa.components;

import io.capa.components.api.ComponentSpec;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A factory registered through META-INF/services, to check discovery and validation. */
public final class TestStateFactory implements ComponentFactory {
  @Override
  public Set<String> types() {
    return Set.of("state.test", "state.test2");
  }

  @Override
  public Set<String> versions() {
    return Set.of("v1", "v2");
  }

  @Override
  public List<String> validate(ComponentSpec spec) {
    List<String> problems = new ArrayList<>();
    if (!spec.metadata().containsKey("host")) {
      problems.add("host: missing");
    }
    return problems;
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) {
    return () -> {};
  }
}
