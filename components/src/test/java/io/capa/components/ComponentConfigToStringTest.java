package io.capa.components;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.ComponentConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComponentConfigToStringTest {
  @Test
  void toString_resolvedSecret_isNotPrinted() {
    ComponentSpec spec =
        new ComponentSpec(
            "cache", "state.redis", "v1",
            Map.of("redisPassword", new MetadataValue.SecretRef("redis", "password")),
            List.of(), Optional.of("vault"), Path.of("components/cache.yaml"), 3);
    ComponentConfig config = new ComponentConfig(spec, Map.of("redisPassword", "s3cr3t-value"));

    assertThat(config.toString())
        .doesNotContain("s3cr3t-value")
        .contains("cache")
        .contains("redisPassword")
        .contains("components/cache.yaml:3");
  }
}
