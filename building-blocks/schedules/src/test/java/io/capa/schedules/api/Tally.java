package io.capa.schedules.api;

import io.capa.actors.api.Actor;
import io.capa.actors.api.ActorType;

/** Counts the calls of {@code hit}, durably, and keeps the last argument. */
public final class Tally extends Actor implements TallyApi {
  static ActorType<Tally> type() {
    return ActorType.of("Tally", Tally.class, Tally::new);
  }

  @Override
  public long hit(String note) {
    long n = count() + 1;
    state().set("count", n);
    state().set("last", note == null ? "" : note);
    return n;
  }

  @Override
  public long count() {
    return state().get("count", Long.class).orElse(0L);
  }

  @Override
  public String last() {
    return state().get("last", String.class).orElse("");
  }
}
