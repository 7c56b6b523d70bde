package io.capa.capnp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class ReaderOptionsTest {

  @Test
  void fromConfig_referenceConfMatchesDefault() {
    ReaderOptions fromFile = ReaderOptions.fromConfig(ConfigFactory.load().getConfig("capa.capnp.reader"));
    assertThat(fromFile).isEqualTo(ReaderOptions.DEFAULT);
  }

  @Test
  void constructor_rejectsNonPositiveLimits() {
    assertThatThrownBy(() -> new ReaderOptions(0, 64, 512, 1024)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("traversalLimitWords");
    assertThatThrownBy(() -> ReaderOptions.DEFAULT.withNestingLimit(0)).hasMessageContaining("nestingLimit");
    assertThatThrownBy(() -> ReaderOptions.DEFAULT.withMaxSegments(-1)).hasMessageContaining("maxSegments");
    assertThatThrownBy(() -> ReaderOptions.DEFAULT.withMaxMessageBytes(1L << 40)).hasMessageContaining("maxMessageBytes");
  }
}
