package io.capa.api.actors;

import io.capa.api.internal.Checks;
/** The identity of a virtual actor: its registered type and its id within that type. */
public record ActorId(String type, String id) {
  public ActorId {
    Checks.requireText(type, "actor type");
    Checks.requireText(id, "actor id");
    if (type.indexOf('/') >= 0) {
      throw new IllegalArgumentException("actor type must not contain '/': " + type);
    }
  }

  @Override
  public String toString() {
    return type + "/" + id;
  }
}
