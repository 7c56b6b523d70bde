package io.capa.lock.spi;

import io.capa.api.lock.UnlockStatus;
import io.capa.components.spi.Component;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A lock store component ({@code lock.*}): the part of {@link io.capa.api.lock.LockService} one
 * store implements. Calls fail with {@code ERR_COMPONENT_FAILED} when the store cannot be reached;
 * {@code unlock} answers {@link UnlockStatus#INTERNAL_ERROR} only through the service.
 */
public interface LockStore extends Component {

  /** Takes the lock when nobody holds it (an expired lock counts as free); {@code false} otherwise. */
  CompletionStage<Boolean> tryLock(String resourceId, String owner, Duration expiry);

  CompletionStage<UnlockStatus> unlock(String resourceId, String owner);

  /** Resets the expiry of a lock {@code owner} still holds; {@code false} when it does not. */
  CompletionStage<Boolean> extend(String resourceId, String owner, Duration expiry);
}
