package io.capa.bindings.spi;

import com.typesafe.config.ConfigFactory;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;

/**
 * The actor system binding components run their own streams on (a Kafka producer flow, an MQTT
 * connection). Component factories receive no actor system, so the runtime installs its own here
 * before it creates components; without that, the first use starts a small one of its own.
 */
public final class BindingStreams {
  private static ActorSystem<?> system;
  private static Materializer materializer;

  private BindingStreams() {}

  /** Makes {@code runtimeSystem} the one bindings use; call before components are created. */
  public static synchronized void install(ActorSystem<?> runtimeSystem) {
    system = Objects.requireNonNull(runtimeSystem, "runtimeSystem");
    materializer = Materializer.createMaterializer(runtimeSystem);
  }

  public static synchronized ActorSystem<?> system() {
    if (system == null) {
      install(ActorSystem.create(Behaviors.empty(), "capa-bindings", ConfigFactory.load()));
    }
    return system;
  }

  public static synchronized Materializer materializer() {
    system();
    return materializer;
  }
}
