package io.capa.sidecar.internal;

import io.capa.capnp.rpc.CallContext;
import io.capa.sidecar.protocol.RuntimeProtocol.Registration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** INTERNAL API: a registration that ends on {@code close}, on release, or with its connection. */
final class RegistrationServer extends Registration.Server implements AutoCloseable {
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  RegistrationServer(Runnable onClose) {
    this.onClose = onClose;
  }

  @Override
  protected CompletionStage<?> close_(CallContext call, Registration.CloseParams.Reader params, Supplier<Registration.CloseResults.Builder> results) {
    close();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void released() {
    close();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      onClose.run();
    }
  }
}
