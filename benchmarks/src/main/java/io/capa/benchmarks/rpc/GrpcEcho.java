package io.capa.benchmarks.rpc;

import com.google.protobuf.BytesValue;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC peer: grpc-java with its shaded Netty transport, one unary method whose request and
 * response are protobuf's well-known {@code BytesValue}, so no generated code is involved and the
 * wire carries what a protoc-generated stub would send for {@code rpc Echo(BytesValue) returns
 * (BytesValue)}.
 *
 * <p>Set up as a tuned deployment would be: the server runs the handler on the transport thread
 * ({@code directExecutor}: the echo never blocks, so the hop to an application pool would only add
 * latency), the client takes its callbacks on the transport thread as well, and every call shares
 * one plaintext HTTP/2 connection over 127.0.0.1. Both sides accept messages up to 32 MiB (gRPC's
 * default is 4 MiB). Flow-control windows stay at grpc-java's defaults (auto-tuned by BDP probing).
 */
public final class GrpcEcho implements EchoPeer {
  static final String SERVICE = "capa.bench.Echo";
  static final int MAX_MESSAGE_BYTES = 32 << 20;

  static final MethodDescriptor<BytesValue, BytesValue> ECHO =
      MethodDescriptor.<BytesValue, BytesValue>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Echo"))
          .setRequestMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
          .build();

  private final Server server;
  private final ManagedChannel channel;
  private final EchoLoad.AsyncEcho client;

  private GrpcEcho(Server server, ManagedChannel channel) {
    this.server = server;
    this.channel = channel;
    this.client = this::echo;
  }

  /** Starts the server on an ephemeral port of 127.0.0.1 and connects one channel to it. */
  public static GrpcEcho start() {
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(SERVICE)
            .addMethod(
                ECHO,
                ServerCalls.asyncUnaryCall(
                    (BytesValue request, StreamObserver<BytesValue> response) -> {
                      response.onNext(request);
                      response.onCompleted();
                    }))
            .build();
    Server server;
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .directExecutor()
              .maxInboundMessageSize(MAX_MESSAGE_BYTES)
              .addService(service)
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("gRPC server did not start", e);
    }
    InetSocketAddress bound = (InetSocketAddress) server.getListenSockets().get(0);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", bound.getPort()))
            .usePlaintext()
            .directExecutor()
            .maxInboundMessageSize(MAX_MESSAGE_BYTES)
            .build();
    return new GrpcEcho(server, channel);
  }

  public int port() {
    return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  @Override
  public String description() {
    String version = Server.class.getPackage().getImplementationVersion();
    return "grpc-java "
        + (version == null ? "(version unknown)" : version)
        + ", netty-shaded, plaintext HTTP/2, one channel, directExecutor on server and client, BytesValue";
  }

  @Override
  public EchoLoad.AsyncEcho client() {
    return client;
  }

  private CompletionStage<ByteBuffer> echo(ByteBuffer payload) {
    // Wrapping instead of copying: the load driver never writes its payload while calls are out.
    BytesValue request = BytesValue.newBuilder().setValue(UnsafeByteOperations.unsafeWrap(payload)).build();
    Reply reply = new Reply();
    ClientCalls.asyncUnaryCall(channel.newCall(ECHO, CallOptions.DEFAULT), request, reply);
    return reply.future;
  }

  /** Completes on the transport thread that delivered the response (the channel's direct executor). */
  private static final class Reply implements StreamObserver<BytesValue> {
    final CompletableFuture<ByteBuffer> future = new CompletableFuture<>();
    private ByteBuffer value;

    @Override
    public void onNext(BytesValue v) {
      value = v.getValue().asReadOnlyByteBuffer();
    }

    @Override
    public void onError(Throwable t) {
      future.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      future.complete(value);
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
    try {
      if (!channel.awaitTermination(10, TimeUnit.SECONDS) || !server.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gRPC channel or server still running 10 s after shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
