package io.capa.api.pubsub;

import java.util.concurrent.CompletionStage;

/**
 * The handle with which a subscriber settles one received message. Only the first settlement
 * counts; later ones complete without effect. A message left unsettled when its subscription is
 * cancelled is delivered again, so delivery is at least once.
 */
@FunctionalInterface
public interface Acknowledger {
  /** Completes once the broker has taken the settlement. */
  CompletionStage<Void> settle(Settlement settlement);
}
