package io.capa.capnp.rpc.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.RpcConnection;
import io.capa.capnp.rpc.RpcOptions;
import io.capa.capnp.rpc.RpcTransport;
import io.capa.capnp.rpc.interop.ConformanceRpc.Conformance;
import io.capa.capnp.rpc.interop.ConformanceRpc.Counter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A capability returned by a call, used only through the call's pipeline and dropped before the
 * answer arrives: the import it resolves to must be released exactly once, whatever the order of
 * the answer, the pipelined call's answer and the collection of the unused response.
 */
class PipelinedReleaseTest {
  static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("pipelined-release");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void pipelinedCall_capDroppedBeforeAnswer_connectionSurvivesManyRounds() throws Exception {
    GeneratedStubsTest.ConformanceImpl impl = new GeneratedStubsTest.ConformanceImpl();
    Pair<RpcConnection, RpcConnection> p =
        RpcTransport.pair(system, RpcOptions.DEFAULT.withBootstrap(Capability.of(impl)), RpcOptions.DEFAULT);
    RpcConnection client = p.second();
    Conformance.Client c = new Conformance.Client(client.bootstrap());
    for (int i = 0; i < 3000; i++) {
      Conformance.NewCounterResults.Promise made = c.newCounter(x -> x.setStart(1));
      Counter.Client counter = made.getCounter();
      var incremented = counter.increment(x -> x.setBy(2));
      counter.close();
      if (i % 2 == 0) {
        // The answer's own references given back as soon as it arrives, as a caller that only
        // wanted the pipeline does.
        made.result().thenAccept(r -> r.close());
      }
      made = null;
      if (i % 100 == 0) {
        System.gc();
      }
      long value = incremented.response().toCompletableFuture().get(10, TimeUnit.SECONDS).getValue();
      assertThat(value).as("round " + i).isEqualTo(3);
    }
    assertThat(client.whenClosed().toCompletableFuture().isDone()).isFalse();
  }

  @Test
  void callsOnAPromise_resolvingWhileTheyAreSent_keepTheirOrder() throws Exception {
    GeneratedStubsTest.ConformanceImpl impl = new GeneratedStubsTest.ConformanceImpl();
    Pair<RpcConnection, RpcConnection> p =
        RpcTransport.pair(system, RpcOptions.DEFAULT.withBootstrap(Capability.of(impl)), RpcOptions.DEFAULT);
    Conformance.Client c = new Conformance.Client(p.second().bootstrap());
    for (int round = 0; round < 30; round++) {
      // The first calls travel as promisedAnswer, later ones straight to the import once the
      // answer is in: the counter must see them in the order they were made.
      try (Counter.Client counter = c.newCounter(x -> x.setStart(0)).getCounter()) {
        List<java.util.concurrent.CompletableFuture<Long>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
          answers.add(counter.increment(x -> x.setBy(1)).response().thenApply(r -> r.getValue()).toCompletableFuture());
        }
        for (int i = 0; i < answers.size(); i++) {
          assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).as("round " + round + ", call " + i).isEqualTo(i + 1L);
        }
      }
    }
  }
}
