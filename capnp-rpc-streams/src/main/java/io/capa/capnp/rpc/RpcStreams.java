package io.capa.capnp.rpc;

import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * {@code -> stream} methods as Pekko Streams. The connection's flow-control window becomes
 * backpressure: the sink takes the next element only when the window has room, so a slow
 * receiver slows the upstream source down, and memory on both ends stays bounded by the
 * window.
 */
public final class RpcStreams {
  private RpcStreams() {
  }

  /**
   * A sink that sends one streaming call of {@code methodId} on {@code target} per element,
   * with {@code fill} writing the element into the call's parameters. Its value completes
   * when every call has returned, or fails with the first call that failed.
   */
  public static <T> Sink<T, CompletionStage<Done>> sink(Capability target, long interfaceId, int methodId,
      BiConsumer<Request, T> fill) {
    return Flow.<T>create()
        .mapAsync(1, element -> {
          Request r = target.newCall(interfaceId, methodId);
          fill.accept(r, element);
          return r.sendStreaming();
        })
        .toMat(Sink.ignore(), Keep.right())
        .mapMaterializedValue(done -> done.thenCompose(d -> target.hook().whenStreamDrained())
            .thenApply(v -> Done.getInstance()));
  }
}
