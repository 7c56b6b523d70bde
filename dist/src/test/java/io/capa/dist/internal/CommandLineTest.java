package io.capa.dist.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.dist.internal.CommandLine.Command;
import io.capa.dist.internal.CommandLine.UsageException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  @Test
  void parse_runWithoutOptions_noConfig() {
    assertThat(CommandLine.parse("run")).isEqualTo(new CommandLine(Command.RUN, Optional.empty()));
  }

  @Test
  void parse_runWithConfig_bothSpellings() {
    CommandLine expected = new CommandLine(Command.RUN, Optional.of(Path.of("c.yaml")));
    assertThat(CommandLine.parse("run", "--config", "c.yaml")).isEqualTo(expected);
    assertThat(CommandLine.parse("run", "--config=c.yaml")).isEqualTo(expected);
  }

  @Test
  void parse_runWithComponents_bothSpellingsAndWithConfig() {
    CommandLine expected = new CommandLine(Command.RUN, Optional.empty(), Optional.of(Path.of("comps")));
    assertThat(CommandLine.parse("run", "--components", "comps")).isEqualTo(expected);
    assertThat(CommandLine.parse("run", "--components=comps")).isEqualTo(expected);
    assertThat(CommandLine.parse("run", "--components", "comps", "--config", "c.yaml"))
        .isEqualTo(new CommandLine(Command.RUN, Optional.of(Path.of("c.yaml")), Optional.of(Path.of("comps"))));
  }

  @Test
  void parse_badComponentsOption_usageError() {
    assertThatThrownBy(() -> CommandLine.parse("run", "--components")).isInstanceOf(UsageException.class)
        .hasMessageContaining("--components needs a folder");
    assertThatThrownBy(() -> CommandLine.parse("run", "--components=")).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> CommandLine.parse("run", "--components", "a", "--components", "b"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("twice");
  }

  @Test
  void parse_helpSpellings_help() {
    assertThat(CommandLine.parse("help").command()).isEqualTo(Command.HELP);
    assertThat(CommandLine.parse("--help").command()).isEqualTo(Command.HELP);
    assertThat(CommandLine.parse("run", "--help").command()).isEqualTo(Command.HELP);
  }

  @Test
  void parse_unknownCommand_usageError() {
    assertThatThrownBy(() -> CommandLine.parse("start")).isInstanceOf(UsageException.class).hasMessageContaining("start");
    assertThatThrownBy(() -> CommandLine.parse()).isInstanceOf(UsageException.class);
  }

  @Test
  void parse_badRunOptions_usageError() {
    assertThatThrownBy(() -> CommandLine.parse("run", "--port", "1")).isInstanceOf(UsageException.class).hasMessageContaining("--port");
    assertThatThrownBy(() -> CommandLine.parse("run", "--config")).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> CommandLine.parse("run", "--config=")).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> CommandLine.parse("run", "--config", "a", "--config", "b"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("twice");
  }

  @Test
  void parse_appPort_isKept() {
    assertThat(CommandLine.parse("run", "--app-port", "3000").appPort()).contains(3000);
    assertThat(CommandLine.parse("run", "--app-port=3001").appPort()).contains(3001);
  }

  @Test
  void parse_appPortNotAPort_isRefusedNamingTheValue() {
    assertThatThrownBy(() -> CommandLine.parse("run", "--app-port", "http"))
        .isInstanceOf(CommandLine.UsageException.class)
        .hasMessageContaining("'http'");
    assertThatThrownBy(() -> CommandLine.parse("run", "--app-port", "70000"))
        .isInstanceOf(CommandLine.UsageException.class)
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> CommandLine.parse("run", "--app-port", "1", "--app-port", "2"))
        .isInstanceOf(CommandLine.UsageException.class)
        .hasMessageContaining("twice");
  }
}
