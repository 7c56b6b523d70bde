package io.capa.benchmarks.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GrpcEchoTest {
  @Test
  void echo_returnsPayloadUnchanged() throws Exception {
    byte[] sent = new byte[1000];
    new Random(42).nextBytes(sent);
    try (GrpcEcho peer = GrpcEcho.start()) {
      ByteBuffer answer = peer.client().echo(ByteBuffer.wrap(sent)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      byte[] got = new byte[answer.remaining()];
      answer.get(got);
      assertThat(got).isEqualTo(sent);
    }
  }

  @Test
  void echo_messageAboveGrpcDefaultLimitPasses() throws Exception {
    int size = 8 << 20; // gRPC refuses more than 4 MiB unless the limit is raised
    try (GrpcEcho peer = GrpcEcho.start()) {
      ByteBuffer answer = peer.client().echo(ByteBuffer.allocate(size)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(answer.remaining()).isEqualTo(size);
    }
  }

  @Test
  void run_echoLoadCompletesCallsWithoutErrors() throws Exception {
    try (GrpcEcho peer = GrpcEcho.start()) {
      assertThat(peer.port()).isPositive();
      // EchoLoad.run throws on any failed or wrong answer, so returning is the no-error check.
      EchoLoad.EchoResult r = EchoLoad.run(peer.client(), 64, 4, Duration.ofMillis(200), Duration.ofMillis(200));
      assertThat(r.calls()).isPositive();
      assertThat(r.p50Micros()).isPositive();
      assertThat(r.p99Micros()).isGreaterThanOrEqualTo(r.p50Micros());
    }
  }
}
