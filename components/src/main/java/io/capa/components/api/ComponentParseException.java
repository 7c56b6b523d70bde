package io.capa.components.api;

import java.util.Objects;

/** A component file, or a component in it, is not acceptable; {@link #error()} says where and why. */
public final class ComponentParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ComponentError error;

  public ComponentParseException(ComponentError error) {
    this(error, null);
  }

  public ComponentParseException(ComponentError error, Throwable cause) {
    super(Objects.requireNonNull(error, "error").message(), cause);
    this.error = error;
  }

  public ComponentError error() {
    return error;
  }
}
