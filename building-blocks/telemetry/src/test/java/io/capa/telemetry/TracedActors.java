package io.capa.telemetry;

import io.capa.actors.api.Actor;
import io.capa.actors.api.ActorType;
import io.capa.api.actors.ActorId;
import java.util.concurrent.CompletionStage;

/** Actor types of the tracing tests. */
final class TracedActors {
  private TracedActors() {}

  public interface RelayApi {
    String echo(String s);

    /** Calls {@code echo} on actor {@code target} of the same type, from inside this turn. */
    CompletionStage<String> relay(String target);

    void fail(String message);
  }

  public static final class Relay extends Actor implements RelayApi {
    @Override
    public String echo(String s) {
      return s;
    }

    @Override
    public CompletionStage<String> relay(String target) {
      return context().actors().call(new ActorId("Relay", target), "echo", "via " + context().id().id(), String.class);
    }

    @Override
    public void fail(String message) {
      throw new IllegalStateException(message);
    }
  }

  static ActorType<Relay> relay() {
    return ActorType.of("Relay", Relay.class, Relay::new);
  }
}
