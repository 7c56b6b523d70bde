package io.capa.persistence.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {
  private static final String PATH = "capa.persistence.redis.connection";

  private static RedisSettings settings(String overrides) {
    Config c = ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load());
    return RedisSettings.fromConfig(PATH, c.getConfig(PATH));
  }

  @Test
  void fromConfig_referenceDefaults() {
    RedisSettings s = settings("");
    assertThat(s.uri().getHost()).isEqualTo("127.0.0.1");
    assertThat(s.uri().getPort()).isEqualTo(6379);
    assertThat(s.keyPrefix()).isEqualTo("capa");
    assertThat(s.commandTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.uri().getTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.describe()).isEqualTo("redis://127.0.0.1:6379/0");
    Config plugins = ConfigFactory.load().getConfig("capa.persistence.redis");
    for (String plugin : new String[] {"journal", "snapshot", "state"}) {
      assertThat(plugins.getString(plugin + ".connection")).isEqualTo(PATH);
    }
  }

  @Test
  void fromConfig_credentialsDatabaseAndTls_parsedButNeverShown() {
    RedisSettings s = settings(PATH + ".url = \"rediss://app:s3cret@redis.example:6380/4\"");
    assertThat(s.uri().isSsl()).isTrue();
    assertThat(s.uri().getDatabase()).isEqualTo(4);
    assertThat(s.describe()).isEqualTo("rediss://redis.example:6380/4");
    assertThat(s.toString()).doesNotContain("s3cret");
  }

  @Test
  void fromConfig_notARedisUrl_failsNamingTheSetting() {
    assertThatThrownBy(() -> settings(PATH + ".url = \"postgres://localhost/x\""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(PATH + ".url");
  }

  @Test
  void fromConfig_badValues_failNamingTheSetting() {
    assertThatThrownBy(() -> settings(PATH + ".key-prefix = \"a{b}\""))
        .hasMessageContaining("key-prefix");
    assertThatThrownBy(() -> settings(PATH + ".command-timeout = 0s"))
        .hasMessageContaining("command-timeout");
    assertThatThrownBy(() -> settings(PATH + ".callback-threads = 0"))
        .hasMessageContaining("callback-threads");
  }
}
