package io.capa.actors.spi;

import io.capa.actors.api.ActorType;
import java.util.List;

/**
 * Contributes actor types found on the classpath through {@link java.util.ServiceLoader}. The
 * launcher registers every provided type, so a jar with a {@code
 * META-INF/services/io.capa.actors.spi.ActorTypeProvider} entry is all an application needs.
 */
public interface ActorTypeProvider {
  List<ActorType<?>> actorTypes();
}
