package io.capa.bindings.spi;

import io.capa.components.spi.Component;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A binding that receives events from an external system: what an input binding component
 * implements. {@link io.capa.bindings.api.InputBindings} runs it as
 *
 * <pre>
 *   lanes() ─► per lane: deliver to the target (ordered per orderingKey, retries)  ─┐
 *           ─► ...                                                                 ├─► acknowledger()
 *           ─► per lane: ...              [deadLetter() after maxRetries]         ─┘
 *   at most parallelism deliveries in flight across all lanes
 * </pre>
 *
 * so an event is acknowledged only after its target handled it (or it was dead-lettered), and a
 * slow target slows the source down instead of filling memory.
 */
public interface InputBinding extends Component {

  /** How the runtime runs this binding, from its component metadata. */
  InputSettings inputSettings();

  /**
   * The events, unacknowledged. Materialized once per run; when the run fails it is materialized
   * again after a backoff, and events not acknowledged before the failure must come again.
   */
  Source<InputEvent, ?> events();

  /**
   * The events as independent lanes, each buffered and backpressured on its own, so that a lane
   * whose target is stuck does not hold up the others (Kafka: one lane per assigned partition).
   * Default: {@link #events()} as one lane.
   */
  default Source<Source<InputEvent, NotUsed>, ?> lanes() {
    return Source.single(events().mapMaterializedValue(m -> NotUsed.notUsed()));
  }

  /**
   * Acknowledges handled events, in the order they were handled; may batch. Default: each event's
   * {@link InputEvent#ack()}, one at a time.
   */
  default Flow<InputEvent, ?, NotUsed> acknowledger() {
    return Flow.<InputEvent>create().mapAsync(1, InputEvent::ack);
  }

  /**
   * Parks an event its target kept refusing. Completing normally lets the event be acknowledged;
   * failing (the default: nowhere to park) fails the run, so the event is delivered again later.
   */
  default CompletionStage<Void> deadLetter(InputEvent event, Throwable lastError) {
    return CompletableFuture.failedStage(lastError);
  }

  /**
   * Whether the component's {@code direction} metadata lets this side run; a type that is both an
   * input and an output binding overrides it in one place.
   */
  default Direction direction() {
    return Direction.BOTH;
  }

  /**
   * Whether the binding must run on one node of the cluster only (a schedule that would otherwise
   * fire once per node); {@link io.capa.bindings.api.InputBindings} hands such bindings to its
   * {@link io.capa.bindings.api.InputBindings.Placement}. Default: every node runs it (a broker's
   * consumer group already shares the events out).
   */
  default boolean clusterSingleton() {
    return false;
  }
}
