package io.capa.actors.cluster;

import io.capa.actors.api.Actor;
import io.capa.actors.api.ActorType;

/**
 * A counter actor for the multi-node tests: every {@code next} is one persisted turn, reminders count
 * their firings apart, and {@code where} names the node holding the current activation.
 */
public final class Turn extends Actor implements TurnApi {
  static final String TYPE = "Turn";

  private final String node;

  Turn(String node) {
    this.node = node;
  }

  static ActorType<Turn> type(String node) {
    return ActorType.of(TYPE, Turn.class, () -> new Turn(node));
  }

  @Override
  public long next() {
    long v = count() + 1;
    state().set("n", v);
    return v;
  }

  @Override
  public long count() {
    return state().get("n", Long.class).orElse(0L);
  }

  @Override
  public long fired() {
    return state().get("fired", Long.class).orElse(0L);
  }

  @Override
  public String where() {
    return node;
  }

  @Override
  protected void onReminder(String name, byte[] data) {
    state().set("fired", fired() + 1);
  }
}
