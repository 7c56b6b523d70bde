package io.capa.sidecar;

import io.capa.capnp.rpc.CallContext;
import io.capa.sidecar.protocol.RuntimeProtocol.Settlement;
import io.capa.sidecar.protocol.RuntimeProtocol.Subscriber;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * An application's {@code Subscriber} for tests: records each delivery's data and, unless {@link
 * #autoAnswer} is set, leaves the answer (the settlement) for the test to give.
 */
final class TestSubscriber extends Subscriber.Server {
  final List<String> received = new CopyOnWriteArrayList<>();
  final List<CompletableFuture<Settlement>> pending = new CopyOnWriteArrayList<>();
  volatile Settlement autoAnswer;
  volatile String endedWith;

  @Override
  protected CompletionStage<?> ended(CallContext call, Subscriber.EndedParams.Reader params, Supplier<Subscriber.EndedResults.Builder> results) {
    endedWith = params.getError();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  protected CompletionStage<?> deliver(CallContext call, Subscriber.DeliverParams.Reader params, Supplier<Subscriber.DeliverResults.Builder> results) {
    var data = params.getMessage().getData();
    byte[] b = new byte[data.remaining()];
    data.duplicate().get(b);
    received.add(new String(b, StandardCharsets.UTF_8));
    Settlement auto = autoAnswer;
    if (auto != null) {
      results.get().setSettlement(auto);
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Settlement> answer = new CompletableFuture<>();
    pending.add(answer);
    return answer.thenAccept(s -> {
      pending.remove(answer);
      results.get().setSettlement(s);
    });
  }

  /** Answers every delivery waiting now. */
  void answerAll(Settlement s) {
    for (CompletableFuture<Settlement> f : new ArrayList<>(pending)) {
      f.complete(s);
    }
  }
}
