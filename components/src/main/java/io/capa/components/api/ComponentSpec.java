package io.capa.components.api;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One component as a file defines it ({@code kind: Component} in Dapr's shape).
 *
 * @param name {@code metadata.name}, unique across the components folder
 * @param type {@code spec.type}, for instance {@code state.redis}
 * @param version {@code spec.version}; {@code v1} when the file leaves it out, which is how Dapr
 *     treats a missing version
 * @param metadata {@code spec.metadata} in file order, name to value
 * @param scopes the app ids allowed to use the component; empty means every app
 * @param secretStore {@code auth.secretStore}: where {@link MetadataValue.SecretRef}s are resolved
 * @param source the file that defines the component
 * @param line the 1-based line where the component's document starts in {@code source}
 */
public record ComponentSpec(
    String name,
    String type,
    String version,
    Map<String, MetadataValue> metadata,
    List<String> scopes,
    Optional<String> secretStore,
    Path source,
    int line) {

  public ComponentSpec {
    requireText(name, "name");
    requireText(type, "type");
    requireText(version, "version");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(source, "source");
    // Map.copyOf would lose the file order, which users expect to see back in listings.
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    metadata.forEach(
        (k, v) -> {
          requireText(k, "metadata name");
          Objects.requireNonNull(v, "metadata value");
        });
    scopes = List.copyOf(Objects.requireNonNull(scopes, "scopes"));
    Objects.requireNonNull(secretStore, "secretStore");
    if (line < 1) {
      throw new IllegalArgumentException("line must be at least 1, got " + line);
    }
  }

  /** {@code file:line}, the way error messages point at the component. */
  public String location() {
    return source + ":" + line;
  }

  /** Whether the app with this id may use the component: no scopes means every app. */
  public boolean appliesTo(String appId) {
    return scopes.isEmpty() || scopes.contains(appId);
  }

  /**
   * Whether {@code other} defines the same component, whatever file or line it comes from: moving a
   * component or adding a comment above it is no change for the runtime.
   */
  public boolean sameDefinition(ComponentSpec other) {
    return name.equals(other.name)
        && type.equals(other.type)
        && version.equals(other.version)
        && metadata.equals(other.metadata)
        && List.copyOf(metadata.keySet()).equals(List.copyOf(other.metadata.keySet()))
        && scopes.equals(other.scopes)
        && secretStore.equals(other.secretStore);
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
