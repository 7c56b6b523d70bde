package io.capa.benchmarks.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CapaEchoTest {
  @Test
  void echo_returnsPayloadUnchanged() throws Exception {
    byte[] sent = new byte[1000];
    new Random(42).nextBytes(sent);
    try (CapaEcho peer = CapaEcho.start()) {
      ByteBuffer answer = peer.client().echo(ByteBuffer.wrap(sent)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      byte[] got = new byte[answer.remaining()];
      answer.get(got);
      assertThat(got).isEqualTo(sent);
    }
  }

  @Test
  void echo_payloadOfSeveralMegabytesPasses() throws Exception {
    byte[] sent = new byte[4 << 20];
    sent[sent.length - 1] = 9;
    try (CapaEcho peer = CapaEcho.start()) {
      ByteBuffer answer = peer.client().echo(ByteBuffer.wrap(sent)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(answer.remaining()).isEqualTo(sent.length);
      assertThat(answer.get(answer.limit() - 1)).isEqualTo((byte) 9);
    }
  }

  @Test
  void connect_clientAloneReachesAnotherServer() throws Exception {
    try (CapaEcho server = CapaEcho.start(); CapaEcho client = CapaEcho.connect(server.serverAddress())) {
      assertThat(client.serverAddress()).isNull();
      ByteBuffer answer =
          client.client().echo(ByteBuffer.wrap(new byte[] {4, 5, 6})).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(answer.remaining()).isEqualTo(3);
      assertThat(answer.get(answer.position() + 2)).isEqualTo((byte) 6);
    }
  }

  @Test
  void run_echoLoadCompletesCallsWithoutErrors() throws Exception {
    try (CapaEcho peer = CapaEcho.start()) {
      // EchoLoad.run throws on any failed or wrong answer, so returning is the no-error check.
      EchoLoad.EchoResult r = EchoLoad.run(peer.client(), 64, 16, Duration.ofMillis(200), Duration.ofMillis(200));
      assertThat(r.calls()).isPositive();
      assertThat(r.p99Micros()).isGreaterThanOrEqualTo(r.p50Micros());
    }
  }

  @Test
  void peers_registersCapa() {
    assertThat(RpcEchoBench.peerNames("grpc,capa")).containsExactly("grpc", "capa");
  }
}
