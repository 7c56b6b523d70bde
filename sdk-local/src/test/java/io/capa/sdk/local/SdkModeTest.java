package io.capa.sdk.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.lock.LockRequest;
import io.capa.api.pubsub.PublishRequest;
import io.capa.api.sequencer.Increment;
import io.capa.api.sequencer.NextIdRequest;
import io.capa.api.state.SaveRequest;
import io.capa.sdk.api.CapaClient;
import io.capa.sdk.api.Mode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SDK mode with no runtime at all (preferring SDK, the runtime unreachable): the building blocks are
 * served in this process from a components folder, by the runtime's own BuildingBlocks.
 */
class SdkModeTest {
  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static CapaClient client(Path components) throws Exception {
    return CapaClient.builder().appId("local-orders").runtime("127.0.0.1", freePort()).apiToken(null)
        .prefer(Mode.SDK).connectTimeout(Duration.ofMillis(500)).components(components).build();
  }

  @Test
  void secrets_fromALocalFileComponent_areReadInProcess() throws Exception {
    Path dir = Files.createTempDirectory("capa-sdk-local");
    Path secrets = dir.resolve("secrets.json");
    Files.writeString(secrets, "{\"db-password\": \"s3cret\"}");
    Path components = Files.createDirectory(dir.resolve("components"));
    Files.writeString(components.resolve("local-secrets.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: localsecrets
        spec:
          type: secretstores.local.file
          version: v1
          metadata:
            - name: secretsFile
              value: %s
        """.formatted(secrets));
    try (CapaClient capa = client(components)) {
      assertThat(capa.mode()).isEqualTo(Mode.SDK);

      Map<String, String> db = capa.secrets().get("localsecrets", "db-password").toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertThat(db).containsEntry("db-password", "s3cret");
      Throwable missing = catchThrowable(() -> capa.secrets().get("localsecrets", "none").toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertThat(missing).hasCauseInstanceOf(CapaException.class);
      assertThat(((CapaException) missing.getCause()).errorCode()).isEqualTo(ErrorCode.SECRET_NOT_FOUND);
    }
  }

  @Test
  void unknownComponent_isComponentNotFound() throws Exception {
    Path components = Files.createTempDirectory("capa-sdk-local-empty");
    try (CapaClient capa = client(components)) {
      Throwable t = catchThrowable(() -> capa.secrets().get("nope", "db").toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertThat(((CapaException) t.getCause()).errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND);
    }
  }

  @Test
  void stateLocksSequencerAndPubSub_areServedInProcess() throws Exception {
    Path components = Files.createTempDirectory("capa-sdk-local-blocks");
    Files.writeString(components.resolve("blocks.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: store
        spec:
          type: state.h2
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: locks
        spec:
          type: lock.in-memory
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: ids
        spec:
          type: sequencer.embedded
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: bus
        spec:
          type: pubsub.in-memory
        """);
    try (CapaClient capa = client(components)) {
      assertThat(capa.mode()).isEqualTo(Mode.SDK);
      capa.state().save("store", SaveRequest.of("k", "v".getBytes(UTF_8))).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(capa.state().get("store", "k").toCompletableFuture().get(10, TimeUnit.SECONDS)
          .map(i -> new String(i.value(), UTF_8))).contains("v");
      assertThat(capa.locks().tryLock(new LockRequest("locks", "r", "me", Duration.ofSeconds(30)))
          .toCompletableFuture().get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(capa.locks().tryLock(new LockRequest("locks", "r", "other", Duration.ofSeconds(30)))
          .toCompletableFuture().get(10, TimeUnit.SECONDS)).isFalse();
      long a = capa.sequencer().nextId(NextIdRequest.of("ids", "k", Increment.WEAK)).toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      assertThat(capa.sequencer().nextId(NextIdRequest.of("ids", "k", Increment.WEAK)).toCompletableFuture()
          .get(10, TimeUnit.SECONDS)).isGreaterThan(a);
      assertThat(capa.pubSub().publish(PublishRequest.of("bus", "t", "{}".getBytes(UTF_8), "application/json"))
          .toCompletableFuture().get(10, TimeUnit.SECONDS)).isNotBlank();
    }
  }
}
