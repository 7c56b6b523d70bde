package io.capa.dist.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.dist.HttpFixture;
import io.capa.runtime.api.RuntimeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node stopped and started again on the same data directory keeps its actors' state and reminders. */
class RestartTest {
  static final Pattern FIRED = Pattern.compile("(?m)^capa_reminders_fired_total\\{actor_type=\"Counter\"} (\\d+)");

  Node node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.stop();
    }
  }

  static Node start(Path dataDir) {
    String yaml = "dataDir: " + dataDir + "\nsidecar:\n  port: 0\n  metricsPort: 0\n  grpcPort: 0\ncluster:\n  port: 0\n";
    return Node.start(RuntimeConfig.load(yaml, "restart.yaml"));
  }

  @Test
  void restart_sameDataDir_keepsStateAndFiresEarlierReminder() throws Exception {
    Path dataDir = Files.createTempDirectory("capa-dist-restart").resolve("data");
    node = start(dataDir);
    HttpFixture http = new HttpFixture(node.httpPort(), Duration.ofSeconds(30));
    assertThat(http.invoke("Counter", "durable", "increment", "5").asLong()).isEqualTo(5);
    assertThat(http.invoke("Counter", "durable", "increment", "2").asLong()).isEqualTo(7);
    Instant due = Instant.now().plusSeconds(10);
    String path = "/v1.0/actors/Counter/later/reminders/once";
    assertThat(http.post(path, "{\"dueTime\":\"10s\"}").status()).isEqualTo(204);
    assertThat(http.invoke("Counter", "later", "get", "").asLong()).isZero();
    node.stop();
    node = null;
    Instant stopped = Instant.now();

    node = start(dataDir);
    http = new HttpFixture(node.httpPort(), Duration.ofSeconds(30));
    HttpFixture metrics = new HttpFixture(node.metricsPort(), Duration.ofSeconds(30));
    assertThat(http.invoke("Counter", "durable", "get", "").asLong()).isEqualTo(7);
    assertThat(http.get(path).status()).isEqualTo(200);

    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    long value = 0;
    while (value == 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      value = http.invoke("Counter", "later", "get", "").asLong();
    }
    assertThat(value).as("the reminder registered before the restart fired").isEqualTo(1);
    if (stopped.isBefore(due)) {
      // The first node was gone before the due time, so this node must be the one that fired it.
      Matcher m = FIRED.matcher(metrics.get("/metrics").body());
      assertThat(m.find()).isTrue();
      assertThat(Long.parseLong(m.group(1))).isEqualTo(1);
    }
  }
}
