package io.capa.bindings.spi;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * One event an {@link InputBinding} received, not yet acknowledged to its source.
 *
 * <p>Events with the same {@link #orderingKey()} reach the target one at a time, in the order the
 * binding emitted them; events with different keys may be handled in parallel.
 */
public interface InputEvent {

  byte[] data();

  /** What the source says about the event (topic, key, headers, ...), passed on to the target. */
  Map<String, String> metadata();

  /** Events sharing this key keep their order, for instance a Kafka topic-partition. */
  String orderingKey();

  /**
   * Tells the source the event is handled, so it is not delivered again. Bindings whose {@link
   * InputBinding#acknowledger()} acknowledges in batches may leave this unused.
   */
  CompletionStage<Void> ack();
}
