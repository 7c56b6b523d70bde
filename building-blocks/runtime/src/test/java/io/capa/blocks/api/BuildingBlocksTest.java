package io.capa.blocks.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.lock.LockRequest;
import io.capa.api.pubsub.PublishRequest;
import io.capa.api.schedules.ScheduleService;
import io.capa.api.sequencer.Increment;
import io.capa.api.sequencer.NextIdRequest;
import io.capa.api.state.SaveRequest;
import java.nio.charset.StandardCharsets;
import io.capa.runtime.spi.ComponentInfo;
import io.capa.runtime.spi.HealthStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildingBlocksTest {
  @TempDir Path dir;
  private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
  private BuildingBlocks blocks;

  @AfterEach
  void stop() {
    if (blocks != null) {
      blocks.close();
    }
    executor.shutdownNow();
  }

  private BuildingBlocks start(Optional<Path> components) {
    blocks = BuildingBlocks.start(
        new BuildingBlocks.Settings(components, "app", executor, executor, dir, Duration.ofMillis(200)));
    return blocks;
  }

  private static String fileStore(String name, Path secretsFile) {
    return """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: %s
        spec:
          type: secretstores.local.file
          metadata:
          - name: secretsFile
            value: %s
        """.formatted(name, secretsFile);
  }

  @Test
  void start_withFolder_servesSecretsListsComponentsAndOffersRoutes() throws Exception {
    Path components = Files.createDirectory(dir.resolve("components"));
    Path secrets = dir.resolve("secrets.json");
    Files.writeString(secrets, "{\"k\": \"v\"}");
    Files.writeString(components.resolve("store.yaml"), fileStore("local", secrets));

    start(Optional.of(components));

    assertThat(join(blocks.secrets().get("local", "k"))).isEqualTo(Map.of("k", "v"));
    assertThat(blocks.componentInfo()).containsExactly(new ComponentInfo("local", "secretstores.local.file", "v1"));
    assertThat(blocks.httpRoutes()).isNotEmpty();
    assertThat(join(blocks.health().check())).isEqualTo(HealthStatus.ok());
    assertThat(blocks.errors()).isEmpty();
  }

  @Test
  void errors_brokenFile_namedWithLineWhileOthersServe() throws Exception {
    Path components = Files.createDirectory(dir.resolve("components"));
    Path secrets = dir.resolve("secrets.json");
    Files.writeString(secrets, "{\"k\": \"v\"}");
    Files.writeString(components.resolve("store.yaml"), fileStore("local", secrets));
    Files.writeString(components.resolve("broken.yaml"), "kind: Component\nmetadata:\n  name: x\nspec: [\n");

    start(Optional.of(components));

    assertThat(blocks.errors()).singleElement().satisfies(e -> {
      assertThat(e.file()).isEqualTo(components.resolve("broken.yaml"));
      assertThat(e.line()).isPositive();
    });
    assertThat(join(blocks.secrets().get("local", "k"))).isEqualTo(Map.of("k", "v"));
  }

  @Test
  void start_withFileAndDatabaseComponents_servesBoth() throws Exception {
    Path components = Files.createDirectory(dir.resolve("components"));
    Files.writeString(components.resolve("docs.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: docs
        spec:
          type: files.local
          metadata:
          - name: rootPath
            value: docs
        """);
    Files.writeString(components.resolve("db.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: db
        spec:
          type: database.h2
          metadata:
          - name: url
            value: jdbc:h2:mem:blocks-%s;DB_CLOSE_DELAY=-1
        """.formatted(java.util.UUID.randomUUID()));

    start(Optional.of(components));

    byte[] hello = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    join(blocks.files().put(io.capa.api.files.PutFileRequest.of("docs", "a.txt", "text/plain"),
        s -> s.onSubscribe(new java.util.concurrent.Flow.Subscription() {
          private boolean sent;

          @Override
          public void request(long n) {
            if (!sent) {
              sent = true;
              s.onNext(java.nio.ByteBuffer.wrap(hello));
              s.onComplete();
            }
          }

          @Override
          public void cancel() {}
        })));
    assertThat(dir.resolve("docs/a.txt")).hasContent("hello");
    assertThat(join(blocks.database().query("db", io.capa.api.database.SqlStatement.of("SELECT ? AS x", 7))).rows())
        .containsExactly(List.of(7));
  }

  @Test
  void health_componentThatCannotStart_isDegradedNamingIt() throws Exception {
    Path components = Files.createDirectory(dir.resolve("components"));
    Files.writeString(components.resolve("store.yaml"), fileStore("broken", dir.resolve("absent.json")));

    start(Optional.of(components));

    HealthStatus status = join(blocks.health().check());
    assertThat(status.state()).isEqualTo(HealthStatus.State.DEGRADED);
    assertThat(status.detail()).startsWith("broken: ").contains("absent.json");
    assertThat(blocks.componentInfo()).extracting(ComponentInfo::name).containsExactly("broken");
  }

  @Test
  void start_withoutFolder_hasNoComponents() throws Exception {
    start(Optional.empty());

    assertThatThrownBy(() -> join(blocks.secrets().get("local", "k")))
        .cause()
        .isInstanceOfSatisfying(CapaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND))
        .hasMessageContaining("no components folder");
    assertThat(blocks.componentInfo()).isEmpty();
    assertThat(join(blocks.health().check())).isEqualTo(HealthStatus.ok());
  }

  @Test
  void start_folderThatIsNotAFolder_failsNamingIt() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> start(Optional.of(missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void schedules_withoutActorRuntime_answerNotSupportedNamingThemselves() {
    start(Optional.empty());
    ScheduleService schedules = blocks.schedules();

    assertThatThrownBy(() -> join(schedules.list()))
        .cause()
        .isInstanceOfSatisfying(CapaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED))
        .hasMessageContaining("schedules building block");
    assertThat(schedules.toString()).contains("schedules");
  }

  @Test
  void state_unknownStore_isComponentNotFound() {
    start(Optional.empty());

    assertThatThrownBy(() -> join(blocks.state().get("nope", "key")))
        .cause()
        .isInstanceOfSatisfying(CapaException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND))
        .hasMessageContaining("nope");
  }

  @Test
  void everyBlock_servedFromOneFolder() throws Exception {
    Path components = Files.createDirectory(dir.resolve("components"));
    Files.writeString(components.resolve("blocks.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: store
        spec:
          type: state.embedded
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: bus
        spec:
          type: pubsub.in-memory
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
        """);
    start(Optional.of(components));

    join(blocks.state().save("store", SaveRequest.of("k", "v".getBytes(StandardCharsets.UTF_8))));
    assertThat(join(blocks.state().get("store", "k")).map(i -> new String(i.value(), StandardCharsets.UTF_8)))
        .contains("v");
    assertThat(join(blocks.pubSub().publish(PublishRequest.of("bus", "t", new byte[] {1}, "application/octet-stream"))))
        .isNotBlank();
    assertThat(join(blocks.locks().tryLock(new LockRequest("locks", "r", "me", Duration.ofSeconds(10))))).isTrue();
    long first = join(blocks.sequencer().nextId(new NextIdRequest("ids", "k", Increment.WEAK, Map.of())));
    assertThat(join(blocks.sequencer().nextId(new NextIdRequest("ids", "k", Increment.WEAK, Map.of()))))
        .isGreaterThan(first);
    assertThat(blocks.appSubscriptions()).isEmpty();
  }

  private static <T> T join(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
