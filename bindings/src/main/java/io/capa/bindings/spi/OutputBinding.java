package io.capa.bindings.spi;

import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.components.spi.Component;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * A binding that calls an external system: what an output binding component implements. Calls reach
 * it through {@link io.capa.bindings.api.ComponentBindingService}, which has already checked that
 * the operation is one of {@link #operations()}.
 */
public interface OutputBinding extends Component {

  /** The operations it offers, for instance {@code create}, {@code get}, {@code delete}. */
  Set<String> operations();

  /**
   * Performs one call. Fails with a {@link io.capa.api.CapaException}: {@code ERR_INVALID_REQUEST}
   * for request metadata it cannot use (naming the field), {@code ERR_COMPONENT_FAILED} when the
   * external system errs or is unreachable.
   */
  CompletionStage<BindingResponse> invoke(BindingRequest request);

  /**
   * The binding as a stream stage for callers that already run a stream: at most {@code
   * parallelism} calls in flight, answers in request order. A failed call fails the stream.
   */
  default Flow<BindingRequest, BindingResponse, NotUsed> flow(int parallelism) {
    return Flow.<BindingRequest>create().mapAsync(parallelism, this::invoke);
  }

  /**
   * Whether the component's {@code direction} metadata lets this side run; a type that is both an
   * input and an output binding overrides it in one place.
   */
  default Direction direction() {
    return Direction.BOTH;
  }
}
