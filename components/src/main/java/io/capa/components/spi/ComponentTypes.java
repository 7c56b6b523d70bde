package io.capa.components.spi;

import io.capa.components.api.ComponentError;
import io.capa.components.api.ComponentParseException;
import io.capa.components.api.ComponentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The component types the {@link ComponentFactory}s on the class path implement. */
public final class ComponentTypes {
  private final Map<String, ComponentFactory> byType;

  private ComponentTypes(Map<String, ComponentFactory> byType) {
    this.byType = byType;
  }

  /** The factories visible to this module's class loader. */
  public static ComponentTypes discover() {
    return discover(ComponentFactory.class.getClassLoader());
  }

  /**
   * The factories visible to {@code loader}.
   *
   * @throws IllegalStateException when two factories claim the same type: which one runs would
   *     otherwise depend on class-path order
   */
  public static ComponentTypes discover(ClassLoader loader) {
    List<ComponentFactory> factories = new ArrayList<>();
    ServiceLoader.load(ComponentFactory.class, loader).forEach(factories::add);
    return of(factories);
  }

  /** The types of exactly these factories. */
  public static ComponentTypes of(List<? extends ComponentFactory> factories) {
    Map<String, ComponentFactory> byType = new TreeMap<>();
    for (ComponentFactory factory : factories) {
      for (String type : factory.types()) {
        ComponentFactory other = byType.putIfAbsent(type, factory);
        if (other != null) {
          throw new IllegalStateException(
              "component type '" + type + "' is implemented by both "
                  + other.getClass().getName() + " and " + factory.getClass().getName());
        }
      }
    }
    return new ComponentTypes(Map.copyOf(byType));
  }

  /** The known types, sorted. */
  public List<String> known() {
    return byType.keySet().stream().sorted().toList();
  }

  /**
   * The factory for {@code spec.type()}.
   *
   * @throws ComponentParseException naming the type, where the spec is, and the known types
   */
  public ComponentFactory requireKnownType(ComponentSpec spec) {
    Objects.requireNonNull(spec, "spec");
    ComponentFactory factory = byType.get(spec.type());
    if (factory == null) {
      throw new ComponentParseException(
          new ComponentError(
              spec.source(),
              spec.line(),
              "spec.type",
              "unknown component type '" + spec.type() + "' in " + spec.location() + "; known: "
                  + known()));
    }
    return factory;
  }

  /**
   * Checks that {@code spec}'s type is known, its version accepted and its metadata acceptable to
   * the factory.
   *
   * @return the factory that implements it
   * @throws ComponentParseException with every problem found, naming the spec's file and line
   */
  public ComponentFactory validate(ComponentSpec spec) {
    ComponentFactory factory = requireKnownType(spec);
    if (!factory.versions().contains(spec.version())) {
      throw new ComponentParseException(
          new ComponentError(
              spec.source(),
              spec.line(),
              "spec.version",
              "component type '" + spec.type() + "' has no version '" + spec.version()
                  + "'; accepted: " + factory.versions().stream().sorted().toList()));
    }
    List<String> problems = factory.validate(spec);
    if (problems != null && !problems.isEmpty()) {
      throw new ComponentParseException(
          new ComponentError(
              spec.source(),
              spec.line(),
              "spec.metadata",
              "component '" + spec.name() + "' (" + spec.type() + "): " + String.join("; ", problems)));
    }
    return factory;
  }
}
