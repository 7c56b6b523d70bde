package io.capa.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The launcher's exit statuses and messages, each from a JVM of its own. */
class MainTest {
  static final Duration EXIT_LIMIT = Duration.ofSeconds(120);
  NodeProcess process;

  @AfterEach
  void kill() throws InterruptedException {
    if (process != null) {
      process.close();
    }
  }

  @Test
  void main_garbageConfig_exits1NamingFileAndLine() throws Exception {
    Path dir = Files.createTempDirectory("capa-dist-main");
    Path config = dir.resolve("broken.yaml");
    Files.writeString(config, "appId: demo\nsidecar:\n  port: lots\n");
    process = NodeProcess.start(dir.resolve("stderr.txt"), "run", "--config", config.toString());
    assertThat(process.awaitExit(EXIT_LIMIT)).isEqualTo(1);
    String err = process.stderr();
    assertThat(err).contains(config + ":3:", "sidecar.port").doesNotContain("\tat ", "Exception");
    assertThat(process.stdout()).isEmpty();
  }

  @Test
  void main_missingConfigFile_exits1() throws Exception {
    Path dir = Files.createTempDirectory("capa-dist-main");
    process = NodeProcess.start(dir.resolve("stderr.txt"), "run", "--config", dir.resolve("absent.yaml").toString());
    assertThat(process.awaitExit(EXIT_LIMIT)).isEqualTo(1);
    assertThat(process.stderr()).contains("absent.yaml").doesNotContain("\tat ");
  }

  @Test
  void main_componentsFolderMissing_exits1NamingIt() throws Exception {
    Path dir = Files.createTempDirectory("capa-dist-main");
    Path absent = dir.resolve("absent-components");
    process = NodeProcess.start(dir.resolve("stderr.txt"), "run", "--components", absent.toString());
    assertThat(process.awaitExit(EXIT_LIMIT)).isEqualTo(1);
    assertThat(process.stderr()).contains(absent.toString(), "does not exist").doesNotContain("\tat ");
    assertThat(process.stdout()).isEmpty();
  }

  @Test
  void main_unknownCommand_exits2WithUsageOnStderr() throws Exception {
    Path dir = Files.createTempDirectory("capa-dist-main");
    process = NodeProcess.start(dir.resolve("stderr.txt"), "serve");
    assertThat(process.awaitExit(EXIT_LIMIT)).isEqualTo(2);
    assertThat(process.stderr()).contains("unknown command: serve", "usage: capa");
    assertThat(process.stdout()).isEmpty();
  }

  @Test
  void main_unknownOption_exits2() throws Exception {
    Path dir = Files.createTempDirectory("capa-dist-main");
    process = NodeProcess.start(dir.resolve("stderr.txt"), "run", "--verbose");
    assertThat(process.awaitExit(EXIT_LIMIT)).isEqualTo(2);
    assertThat(process.stderr()).contains("--verbose", "usage: capa");
  }

  @Test
  void main_help_exits0WithUsageOnStdout() throws Exception {
    Path dir = Files.createTempDirectory("capa-dist-main");
    process = NodeProcess.start(dir.resolve("stderr.txt"), "--help");
    assertThat(process.awaitExit(EXIT_LIMIT)).isZero();
    assertThat(String.join("\n", process.stdout())).contains("usage: capa", "run [--config FILE]");
  }
}
