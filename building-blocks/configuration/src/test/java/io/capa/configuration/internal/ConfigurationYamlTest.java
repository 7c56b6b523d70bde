package io.capa.configuration.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigurationYamlTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parse_empty_hasNoItems() {
    assertThat(ConfigurationYaml.parse(b(""), "f.yaml")).isEmpty();
  }

  @Test
  void parse_syntaxError_namesFileAndLine() {
    assertThatThrownBy(() -> ConfigurationYaml.parse(b("a: 1\nb: [unclosed\n"), "f.yaml"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("f.yaml:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1, 2]", "just text", "a: [1, 2]", "a: {value: [1]}", "a: {valeu: 1}", "a: {metadata: 3}",
      "? [x]\n: 1"})
  void parse_wrongShape_isRefusedWithTheReason(String yaml) {
    assertThatThrownBy(() -> ConfigurationYaml.parse(b(yaml), "f.yaml"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("f.yaml");
  }

  @Test
  void parse_aliasBomb_isRefused() {
    StringBuilder y = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 20; i++) {
      y.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      y.append("]\n");
    }
    assertThatThrownBy(() -> ConfigurationYaml.parse(b(y.toString()), "f.yaml"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aliases");
  }
}
