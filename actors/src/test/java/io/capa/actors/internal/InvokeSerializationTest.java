package io.capa.actors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An actor call crosses nodes serialized: its trace context must survive the trip. */
class InvokeSerializationTest {
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    Config config = NodeConfig.build(
        ConfigFactory.parseMap(Map.of("capa.cluster.port", 0, "capa.persistence.backend", "inmem"))
            .withFallback(ConfigFactory.load()));
    kit = ActorTestKit.create("invoke-serialization", config);
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void invoke_withTraceContext_roundTrips() {
    var replyTo = kit.<Reply>createTestProbe().ref();
    Map<String, String> trace = Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "tracestate", "v=1");
    ActorCommand.Invoke sent = new ActorCommand.Invoke("add", new byte[] {1, 2}, CallChain.fresh(), trace, 42L, replyTo);

    ActorCommand.Invoke received = (ActorCommand.Invoke) roundTrip(sent);

    assertThat(received.trace()).isEqualTo(trace);
    assertThat(received.method()).isEqualTo("add");
    assertThat(received.chain()).isEqualTo(sent.chain());
  }

  @Test
  void invoke_withoutTraceContext_readsAsEmpty() {
    var replyTo = kit.<Reply>createTestProbe().ref();
    ActorCommand.Invoke sent = new ActorCommand.Invoke("get", new byte[0], null, null, 42L, replyTo);

    ActorCommand.Invoke received = (ActorCommand.Invoke) roundTrip(sent);

    assertThat(received.trace()).isEmpty();
  }

  private static Object roundTrip(Object message) {
    Serialization serialization = SerializationExtension.get(kit.system().classicSystem());
    Serializer serializer = serialization.findSerializerFor(message);
    assertThat(serializer.getClass().getSimpleName()).contains("Jackson");
    byte[] bytes = serialization.serialize(message).get();
    return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
  }
}
