package io.capa.capnp.rpc;

import io.capa.capnp.wire.ReaderOptions;
import java.util.Objects;

/**
 * Limits and settings of one RPC connection.
 *
 * @param bootstrap what the peer gets when it asks for the bootstrap capability (null: none)
 * @param readerOptions limits every received message is read under (traversal, nesting, size)
 * @param maxQuestions calls this side may have outstanding; further calls fail at once with
 *     {@link RpcException.Kind#OVERLOADED} instead of queueing
 * @param maxAnswers calls from the peer this side runs at once; further calls are answered
 *     {@code overloaded} without being run
 * @param outboundHighWaterBytes bytes queued for the peer above which this side stops reading
 *     from it: a peer that does not read its answers stops being served, it does not grow our
 *     memory
 * @param streamWindowBytes bytes of {@code -> stream} calls in flight per capability
 */
public record RpcOptions(Capability bootstrap, ReaderOptions readerOptions, int maxQuestions, int maxAnswers,
    long outboundHighWaterBytes, long streamWindowBytes) {

  public static final RpcOptions DEFAULT = new RpcOptions(null, ReaderOptions.DEFAULT, 16_384, 4_096,
      32L << 20, 1L << 20);

  public RpcOptions {
    Objects.requireNonNull(readerOptions, "readerOptions");
    if (maxQuestions < 1 || maxAnswers < 1 || outboundHighWaterBytes < 1 || streamWindowBytes < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  public RpcOptions withBootstrap(Capability cap) {
    return new RpcOptions(cap, readerOptions, maxQuestions, maxAnswers, outboundHighWaterBytes, streamWindowBytes);
  }

  public RpcOptions withReaderOptions(ReaderOptions o) {
    return new RpcOptions(bootstrap, o, maxQuestions, maxAnswers, outboundHighWaterBytes, streamWindowBytes);
  }

  public RpcOptions withMaxQuestions(int n) {
    return new RpcOptions(bootstrap, readerOptions, n, maxAnswers, outboundHighWaterBytes, streamWindowBytes);
  }

  public RpcOptions withMaxAnswers(int n) {
    return new RpcOptions(bootstrap, readerOptions, maxQuestions, n, outboundHighWaterBytes, streamWindowBytes);
  }

  public RpcOptions withOutboundHighWaterBytes(long n) {
    return new RpcOptions(bootstrap, readerOptions, maxQuestions, maxAnswers, n, streamWindowBytes);
  }

  public RpcOptions withStreamWindowBytes(long n) {
    return new RpcOptions(bootstrap, readerOptions, maxQuestions, maxAnswers, outboundHighWaterBytes, n);
  }
}
