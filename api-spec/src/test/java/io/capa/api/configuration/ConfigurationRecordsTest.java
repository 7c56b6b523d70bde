package io.capa.api.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigurationRecordsTest {
  @Test
  void configurationItem_blankKey_namesKey() {
    assertThatThrownBy(() -> ConfigurationItem.of("", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("configuration key");
  }

  @Test
  void configurationItem_blankVersion_namesVersion() {
    assertThatThrownBy(() -> new ConfigurationItem("k", "v", Optional.of(""), null))
        .hasMessageContaining("version");
  }

  @Test
  void configurationRequest_blankKeyAmongKeys_rejected() {
    assertThatThrownBy(() -> ConfigurationRequest.of("consul", "timeout", " "))
        .hasMessageContaining("configuration key");
  }

  @Test
  void configurationRequest_noKeys_meansAllKeys() {
    assertThat(ConfigurationRequest.of("consul").keys()).isEmpty();
  }

  @Test
  void configurationUpdate_keyBothChangedAndRemoved_rejected() {
    assertThatThrownBy(
            () ->
                new ConfigurationUpdate(
                    "consul", Map.of("timeout", ConfigurationItem.of("timeout", "5s")), Set.of("timeout")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both changed and removed");
  }

  @Test
  void configurationUpdate_itemUnderOtherKey_rejected() {
    assertThatThrownBy(
            () ->
                new ConfigurationUpdate(
                    "consul", Map.of("timeout", ConfigurationItem.of("retries", "3")), Set.of()))
        .hasMessageContaining("timeout");
  }

  @Test
  void configurationUpdate_nothingChanged_rejected() {
    assertThatThrownBy(() -> new ConfigurationUpdate("consul", null, null))
        .hasMessageContaining("change or remove");
  }

  @Test
  void configurationUpdate_valid_keepsChangesAndRemovals() {
    ConfigurationUpdate u =
        new ConfigurationUpdate(
            "consul", Map.of("timeout", ConfigurationItem.of("timeout", "5s")), Set.of("retries"));
    assertThat(u.changed().get("timeout").value()).isEqualTo("5s");
    assertThat(u.removed()).containsExactly("retries");
  }
}
