package io.capa.components.spi;

import io.capa.components.api.ComponentSpec;
import java.util.List;
import java.util.Set;

/**
 * Implements one or more component types. Implementations are found with {@link
 * java.util.ServiceLoader}: list the class in {@code
 * META-INF/services/io.capa.components.spi.ComponentFactory}, give it a public no-argument
 * constructor.
 */
public interface ComponentFactory {

  /** The {@code spec.type}s this factory implements, for instance {@code state.redis}. */
  Set<String> types();

  /** The {@code spec.version}s it accepts; {@code v1} unless it says otherwise. */
  default Set<String> versions() {
    return Set.of("v1");
  }

  /**
   * What is wrong with {@code spec}'s metadata, one message per problem, each naming the metadata
   * field (for instance {@code "redisHost: missing"}); empty when the spec is acceptable. It must
   * not connect anywhere: it runs on every reload.
   */
  default List<String> validate(ComponentSpec spec) {
    return List.of();
  }

  /**
   * Creates the component {@code config} defines. It must return even when the component's server
   * is down (the component then reports itself down and reconnects); it throws only for what no
   * retry can fix, such as metadata the factory rejects ({@link ComponentConfig#invalid}).
   */
  Component create(ComponentConfig config, ComponentContext context) throws Exception;
}
