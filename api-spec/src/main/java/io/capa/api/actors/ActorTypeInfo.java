package io.capa.api.actors;

import io.capa.api.internal.Checks;
/** A registered actor type and how many of its actors are active right now (on the node that answers). */
public record ActorTypeInfo(String type, long activeCount) {
  public ActorTypeInfo {
    Checks.requireText(type, "actor type");
  }
}
