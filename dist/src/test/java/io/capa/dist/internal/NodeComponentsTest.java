package io.capa.dist.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capa.components.api.ComponentError;
import io.capa.dist.HttpFixture;
import io.capa.dist.HttpFixture.Response;
import io.capa.runtime.api.RuntimeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started with a components folder: secrets served over HTTP, components added and broken
 * while it runs, the component list in the metadata and components' health on the outbound check.
 */
class NodeComponentsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Node node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.stop();
    }
  }

  private Node start(String componentsPath) {
    String yaml =
        String.join(
            "\n",
            "dataDir: " + dir.resolve("data"),
            "components:",
            "  path: " + componentsPath,
            "sidecar:",
            "  port: 0",
            "  metricsPort: 0",
            "  grpcPort: 0",
            "cluster:",
            "  port: 0",
            "");
    node = Node.start(RuntimeConfig.load(yaml, "test.yaml"));
    return node;
  }

  private static String fileStore(String name, Path secretsFile) {
    return """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: %s
        spec:
          type: secretstores.local.file
          version: v1
          metadata:
          - name: secretsFile
            value: %s
        """.formatted(name, secretsFile);
  }

  /** Replaces {@code file} in one step, as deployment tools do. */
  private static void replace(Path file, String text) throws Exception {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void await(String what, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void secrets_servedAndComponentsReloadedWithoutRestart() throws Exception {
    Path components = Files.createDirectory(dir.resolve("components"));
    Path first = dir.resolve("first.json");
    Files.writeString(first, "{\"db-password\": \"s3cret\"}");
    Path second = dir.resolve("second.yaml");
    Files.writeString(second, "api:\n  token: t0k\n");
    Files.writeString(components.resolve("first.yaml"), fileStore("first", first));
    start(components.toString());
    HttpFixture http = new HttpFixture(node.httpPort(), Duration.ofSeconds(10));

    Response secret = http.get("/v1.0/secrets/first/db-password");
    assertThat(secret.status()).isEqualTo(200);
    assertThat(JSON.readTree(secret.body())).isEqualTo(JSON.readTree("{\"db-password\":\"s3cret\"}"));
    assertThat(http.get("/v1.0/secrets/second/api:token").errorCode()).isEqualTo("ERR_COMPONENT_NOT_FOUND");

    // A second component, added while the node runs.
    replace(components.resolve("second.yaml"), fileStore("second", second));
    await("the second store to serve", () -> http.get("/v1.0/secrets/second/api:token").status() == 200);
    assertThat(JSON.readTree(http.get("/v1.0/secrets/second/bulk").body()))
        .isEqualTo(JSON.readTree("{\"api:token\":{\"api:token\":\"t0k\"}}"));
    JsonNode listed = JSON.readTree(http.get("/v1.0/metadata").body()).get("components");
    assertThat(listed).isEqualTo(JSON.readTree(
        "[{\"name\":\"first\",\"type\":\"secretstores.local.file\",\"version\":\"v1\"},"
            + "{\"name\":\"second\",\"type\":\"secretstores.local.file\",\"version\":\"v1\"}]"));

    // The second file broken: reported with file and line, its last good version keeps serving.
    replace(components.resolve("second.yaml"), fileStore("second", second).replace("  version: v1\n", "  version: [v1\n"));
    await("the broken file to be reported", () -> !node.blocks().errors().isEmpty());
    List<ComponentError> errors = node.blocks().errors();
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.file()).isEqualTo(components.resolve("second.yaml"));
      assertThat(e.line()).isPositive();
    });
    assertThat(http.get("/v1.0/secrets/second/api:token").status()).isEqualTo(200);
    assertThat(http.get("/v1.0/secrets/first/db-password").status()).isEqualTo(200);
    assertThat(http.get("/v1.0/healthz").status()).isEqualTo(204);
  }

  @Test
  void health_componentDown_reportedOnOutboundOnlyAndNodeStaysHealthy() throws Exception {
    Path components = Files.createDirectory(dir.resolve("components"));
    Path missing = dir.resolve("not-yet.json");
    Files.writeString(components.resolve("late.yaml"), fileStore("late", missing));
    start(components.toString());
    HttpFixture http = new HttpFixture(node.httpPort(), Duration.ofSeconds(10));

    assertThat(http.get("/v1.0/healthz").status()).isEqualTo(204);
    Response outbound = http.get("/v1.0/healthz/outbound");
    assertThat(outbound.status()).isEqualTo(503);
    assertThat(JSON.readTree(outbound.body()).get("failing").get(0).get("detail").asText())
        .startsWith("late: ").contains("not-yet.json");
    assertThat(http.get("/v1.0/secrets/late/k").errorCode()).isEqualTo("ERR_COMPONENT_FAILED");

    // The file appears: the registry's retry creates the store, without a restart.
    Files.writeString(missing, "{\"k\": \"v\"}");
    await("the store to be created by a retry", () -> http.get("/v1.0/secrets/late/k").status() == 200);
    assertThat(http.get("/v1.0/healthz/outbound").status()).isEqualTo(204);
  }

  @Test
  void start_explicitFolderMissing_failsNamingIt() {
    Path missing = dir.resolve("no-such-folder");
    assertThatThrownBy(() -> start(missing.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
    node = null;
  }

  @Test
  void folder_defaultMissing_meansNoComponents() {
    // The working directory of the tests (dist/) has no components folder.
    assertThat(Files.exists(NodeComponents.DEFAULT_FOLDER)).isFalse();
    assertThat(NodeComponents.folder("")).isEmpty();
  }
}
