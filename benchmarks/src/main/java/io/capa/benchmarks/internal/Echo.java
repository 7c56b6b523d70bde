package io.capa.benchmarks.internal;

import io.capa.actors.api.Actor;
import io.capa.actors.api.ActorType;

/** A stateless actor whose turns do no work, so that a benchmark measures only the runtime's path. */
public final class Echo extends Actor implements EchoApi {
  public static final String TYPE = "Echo";
  public static final ActorType<Echo> ACTOR_TYPE = ActorType.of(TYPE, Echo.class, Echo::new);

  @Override
  public byte[] ping(byte[] payload) {
    return payload;
  }
}
