package io.capa.sdk.api;

import io.capa.api.actors.ActorId;
import io.capa.api.actors.ReminderSpec;
import io.capa.api.actors.TimerSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The turn in progress of a hosted actor, valid until the {@link HostedActor} method that received
 * it completes; using it afterwards fails. Reads see the turn's own writes. The runtime saves the
 * turn's writes atomically when the method completes normally and drops them when it fails.
 *
 * <p>Writes need not be awaited: they travel on the turn's connection ahead of the method's result,
 * so the runtime has them before it ends the turn. A write that fails makes the turn fail.
 */
public interface ActorTurn {
  ActorId id();

  CompletionStage<Optional<byte[]>> getState(String key);

  CompletionStage<Void> setState(String key, byte[] value);

  /** Completes with {@code false} when the key had no value. */
  CompletionStage<Boolean> removeState(String key);

  CompletionStage<List<String>> keys();

  CompletionStage<Void> registerReminder(ReminderSpec reminder);

  /** Completes with {@code false} when no reminder of that name was registered. */
  CompletionStage<Boolean> unregisterReminder(String name);

  CompletionStage<Void> startTimer(TimerSpec timer);

  /** Completes with {@code false} when the actor had no timer of that name. */
  CompletionStage<Boolean> cancelTimer(String name);

  /** Calls another actor (or this one, reentrantly) as part of this turn's call chain. */
  CompletionStage<byte[]> callActor(ActorId actor, String method, byte[] payload);

  /** {@link #getState} of a value written as UTF-8 text. */
  default CompletionStage<Optional<String>> getStateText(String key) {
    return getState(key).thenApply(v -> v.map(b -> new String(b, StandardCharsets.UTF_8)));
  }

  /** {@link #setState} of {@code value} as UTF-8 text. */
  default CompletionStage<Void> setStateText(String key, String value) {
    return setState(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }
}
