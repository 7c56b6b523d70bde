package io.capa.sdk;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.capa.actors.api.ActorRuntime;
import io.capa.sidecar.api.Applications;
import io.capa.sidecar.api.BlockServices;
import io.capa.sidecar.api.SidecarEndpoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real runtime in the test JVM: an actor runtime (H2 under {@code dataDir}, so a restart on the
 * same directory keeps actor state and reminders) with the sidecar's RPC endpoint on loopback.
 */
final class RealRuntime implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);

  final ActorRuntime runtime;
  final SidecarEndpoint endpoint;

  private RealRuntime(ActorRuntime runtime, SidecarEndpoint endpoint) {
    this.runtime = runtime;
    this.endpoint = endpoint;
  }

  /** A runtime whose endpoint listens on {@code port} (0: any free port) with {@code overrides}. */
  static RealRuntime start(Path dataDir, int port, Map<String, ?> overrides) throws Exception {
    return start(dataDir, port, overrides, BlockServices.NONE);
  }

  /** As {@link #start(Path, int, Map)}, serving {@code blocks} over RPC. */
  static RealRuntime start(Path dataDir, int port, Map<String, ?> overrides, BlockServices blocks) throws Exception {
    ActorRuntime runtime = ActorRuntime.builder()
        .setting("capa.persistence.backend", "h2")
        .setting("capa.cluster.host", "127.0.0.1")
        .setting("capa.cluster.port", 0)
        .setting("capa.cluster.seed-nodes", List.of())
        .setting("capa.data-dir", dataDir.toString())
        .setting("capa.actors.reminders.partitions", 2)
        .start();
    try {
      Map<String, Object> all = new HashMap<>();
      all.put("capa.rpc.host", "127.0.0.1");
      all.put("capa.rpc.port", port);
      all.put("capa.mode", "sidecar");
      all.put("capa.proxyless.direct-connection", false);
      all.put("capa.proxyless.sdk-endpoints", List.of());
      all.putAll(overrides);
      Config config = ConfigFactory.parseMap(all).withFallback(runtime.system().settings().config());
      SidecarEndpoint endpoint = SidecarEndpoint.start(runtime, config, Applications.create(runtime.system()), blocks, () -> {})
          .toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return new RealRuntime(runtime, endpoint);
    } catch (Exception e) {
      runtime.close();
      throw e;
    }
  }

  static RealRuntime start() throws Exception {
    return start(Files.createTempDirectory("capa-sdk-e2e"), 0, Map.of());
  }

  int port() {
    return endpoint.port();
  }

  /** A TCP port on loopback that nothing listens on right now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    endpoint.stop();
    runtime.close();
  }
}
