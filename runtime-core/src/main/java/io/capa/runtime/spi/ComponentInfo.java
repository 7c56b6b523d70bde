package io.capa.runtime.spi;

import java.util.Objects;

/**
 * One component as {@code GET /v1.0/metadata} lists it, in Dapr's shape.
 *
 * @param name {@code metadata.name}
 * @param type {@code spec.type}, for instance {@code secretstores.local.file}
 * @param version {@code spec.version}
 */
public record ComponentInfo(String name, String type, String version) {
  public ComponentInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(version, "version");
  }
}
