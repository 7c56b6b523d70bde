package io.capa.benchmarks.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.capnp.interop.ConformanceCapnp;
import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.RpcConnection;
import io.capa.capnp.rpc.RpcException;
import io.capa.capnp.rpc.RpcOptions;
import io.capa.capnp.rpc.RpcTransport;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java conformance server and the benchmark calls against it, over an in-memory connection pair. */
class ConformanceTest {
  static ActorSystem system;

  @BeforeAll
  static void start() {
    system = JavaRpc.system("conformance-test");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  static Pair<RpcConnection, RpcConnection> pair() {
    return RpcTransport.pair(system, RpcOptions.DEFAULT,
        RpcOptions.DEFAULT.withBootstrap(Capability.of(new Conformance.Service())));
  }

  @Test
  void ids_matchTheGeneratedSchema() {
    assertThat(Conformance.CONFORMANCE).isEqualTo(ConformanceCapnp.Conformance.TYPE_ID);
    assertThat(Conformance.ECHO).isEqualTo(ConformanceCapnp.Conformance.METHOD_ECHO);
    assertThat(Conformance.ADD).isEqualTo(ConformanceCapnp.Conformance.METHOD_ADD);
    assertThat(Conformance.NEW_COUNTER).isEqualTo(ConformanceCapnp.Conformance.METHOD_NEW_COUNTER);
    assertThat(Conformance.UPLOAD).isEqualTo(ConformanceCapnp.Conformance.METHOD_UPLOAD);
    assertThat(Conformance.UPLOADED).isEqualTo(ConformanceCapnp.Conformance.METHOD_UPLOADED);
    assertThat(Conformance.COUNTER).isEqualTo(ConformanceCapnp.Counter.TYPE_ID);
    assertThat(Conformance.INCREMENT).isEqualTo(ConformanceCapnp.Counter.METHOD_INCREMENT);
    assertThat(Conformance.READ).isEqualTo(ConformanceCapnp.Counter.METHOD_READ);
    assertThat(Conformance.SELF).isEqualTo(ConformanceCapnp.Counter.METHOD_SELF);
  }

  @Test
  void add_returnsSumWrapping() {
    Pair<RpcConnection, RpcConnection> p = pair();
    try (Capability boot = p.first().bootstrap()) {
      assertThat(Conformance.word0(JavaRpc.await(Conformance.add(boot, 40, 2).response()))).isEqualTo(42);
      assertThat(Conformance.word0(JavaRpc.await(Conformance.add(boot, Long.MAX_VALUE, 1).response())))
          .isEqualTo(Long.MIN_VALUE);
    }
  }

  @Test
  void counter_incrementsAndSelfReachesTheSameValue() {
    Pair<RpcConnection, RpcConnection> p = pair();
    try (Capability boot = p.first().bootstrap(); Capability counter = Conformance.newCounter(boot, 5).pipeline(0)) {
      var inc = counter.newCall(Conformance.COUNTER, Conformance.INCREMENT);
      inc.initParams(1, 0).setLong(0, 3);
      assertThat(Conformance.word0(JavaRpc.await(inc.send().response()))).isEqualTo(8);
      try (Capability same = Conformance.counterSelf(counter).pipeline(0)) {
        assertThat(Conformance.word0(JavaRpc.await(Conformance.counterRead(same).response()))).isEqualTo(8);
      }
    }
  }

  @Test
  void chainSeries_answerOneThroughPipelinedAndAwaitedCalls() {
    Pair<RpcConnection, RpcConnection> p = pair();
    try (Capability boot = p.first().bootstrap()) {
      // Each series checks the answer (3 for add, 1 for read) and throws otherwise.
      assertThat(PipelineChain.single(boot)).isPositive();
      assertThat(PipelineChain.pipelined(boot)).isPositive();
      assertThat(PipelineChain.awaited(boot)).isPositive();
    }
  }

  @Test
  void stream_serverCountsBytesAndCrcOfEveryChunk() {
    Pair<RpcConnection, RpcConnection> p = pair();
    // javaRun compares uploaded()'s byte count and CRC with what it sent, and throws on a mismatch.
    StreamBench.Run r =
        StreamBench.javaRun(p.first(), p.second(), new StreamBench.Chunks(4096), 300, StreamBench.Sender.AWAIT);
    assertThat(r.mbPerSecond()).isPositive();
    assertThat(r.peakInboundBytes()).isGreaterThanOrEqualTo(4096);
  }

  @Test
  void stream_slowReceiverHoldsAboutTheDefaultWindowAndNoMore() {
    long window = RpcOptions.DEFAULT.streamWindowBytes();
    int chunk = 16384;
    try (Conformance.Pacer pacer = new Conformance.Pacer(100e6)) {
      Pair<RpcConnection, RpcConnection> p = RpcTransport.pair(system, RpcOptions.DEFAULT,
          RpcOptions.DEFAULT.withBootstrap(Capability.of(new Conformance.Service(pacer))));
      // 3 MiB at 100 MB/s: calls pile up behind the slow consumer until the window is full.
      StreamBench.Run r =
          StreamBench.javaRun(p.first(), p.second(), new StreamBench.Chunks(chunk), 192, StreamBench.Sender.AWAIT);
      // A call may exceed the window by at most its own size (the first call of a full window
      // goes out), plus its framing.
      assertThat(r.peakInboundBytes()).isBetween(window / 2, window + chunk + 1024);
      assertThat(r.mbPerSecond()).isLessThan(110);
    }
  }

  @Test
  void unknownMethod_failsUnimplemented() {
    Pair<RpcConnection, RpcConnection> p = pair();
    try (Capability boot = p.first().bootstrap()) {
      var r = boot.newCall(Conformance.CONFORMANCE, 99).send().response();
      assertThatThrownBy(() -> JavaRpc.await(r)).cause().isInstanceOfSatisfying(RpcException.class,
          e -> assertThat(e.kind()).isEqualTo(RpcException.Kind.UNIMPLEMENTED));
    }
  }
}
