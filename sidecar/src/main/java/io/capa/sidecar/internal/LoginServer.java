package io.capa.sidecar.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.capnp.rpc.CallContext;
import io.capa.sidecar.protocol.RuntimeProtocol.Login;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: the bootstrap of a runtime with an API token. Only {@code authenticate} answers;
 * the {@code Runtime} it returns is the connection's only way in, so nothing is reachable before.
 */
public final class LoginServer extends Login.Server {
  private static final Logger log = LoggerFactory.getLogger(LoginServer.class);

  private final byte[] token;
  private final Supplier<RuntimeServer> runtime;
  private RuntimeServer issued;

  public LoginServer(String token, Supplier<RuntimeServer> runtime) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.runtime = runtime;
  }

  @Override
  protected CompletionStage<?> authenticate(CallContext call, Login.AuthenticateParams.Reader params, Supplier<Login.AuthenticateResults.Builder> results) {
    // Constant-time comparison, so that answer timing does not reveal a token prefix.
    if (!MessageDigest.isEqual(token, params.getToken().getBytes(StandardCharsets.UTF_8))) {
      log.warn("an RPC client presented a wrong API token");
      return Calls.answer(CompletableFuture.failedFuture(
          new CapaException(ErrorCode.UNAUTHORIZED, "wrong API token (the runtime's sidecar.apiToken)")));
    }
    // One Runtime per connection, so that its registrations end with the connection.
    if (issued == null) {
      issued = runtime.get();
    }
    results.get().setRuntime(issued.toClient());
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<?> dispatch(CallContext call) {
    return Calls.guarded(() -> super.dispatch(call));
  }
}
