package io.capa.state.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import org.junit.jupiter.api.Test;

class KeyPrefixTest {
  @Test
  void apply_eachMode_prefixesAsDapr() {
    assertThat(KeyPrefix.of("appid", "shop", "store").apply("k")).isEqualTo("shop||k");
    assertThat(KeyPrefix.of(null, "shop", "store").apply("k")).isEqualTo("shop||k");
    assertThat(KeyPrefix.of("AppId", "", "store").apply("k")).isEqualTo("k");
    assertThat(KeyPrefix.of("name", "shop", "store").apply("k")).isEqualTo("store||k");
    assertThat(KeyPrefix.of("none", "shop", "store").apply("k")).isEqualTo("k");
    assertThat(KeyPrefix.of("tenant7", "shop", "store").apply("k")).isEqualTo("tenant7||k");
  }

  @Test
  void strip_returnsTheUserKey() {
    KeyPrefix p = KeyPrefix.of("appid", "shop", "store");
    assertThat(p.strip(p.apply("a b"))).isEqualTo("a b");
  }

  @Test
  void apply_emptyOrSeparatorKey_isRefused() {
    KeyPrefix p = KeyPrefix.of("none", "shop", "store");
    assertThatThrownBy(() -> p.apply("")).isInstanceOf(CapaException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> p.apply("other||k")).isInstanceOf(CapaException.class).hasMessageContaining("||");
    assertThatThrownBy(() -> p.apply(null)).isInstanceOf(CapaException.class);
  }
}
