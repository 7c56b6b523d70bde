package io.capa.components.spi;

import java.util.Objects;

/**
 * Whether a component can serve, and if not, why.
 *
 * @param up whether calls can succeed now
 * @param detail what is wrong when down (for instance the connection error); empty when up
 */
public record ComponentHealth(boolean up, String detail) {
  public static final ComponentHealth UP = new ComponentHealth(true, "");

  public ComponentHealth {
    Objects.requireNonNull(detail, "detail");
    if (!up && detail.isBlank()) {
      throw new IllegalArgumentException("a down component must say why");
    }
  }

  public static ComponentHealth down(String detail) {
    return new ComponentHealth(false, detail);
  }
}
