package io.capa.state.internal;

import io.capa.state.spi.StateStoreConformance;
import java.util.Map;

class RedisStateStoreTest extends StateStoreConformance {
  @Override
  protected String type() {
    return "state.redis";
  }

  @Override
  protected Map<String, String> metadata() {
    return Map.of("redisHost", "127.0.0.1:6379");
  }

  @Override
  protected void cleanUp() {
    RedisKeys.deleteKeys("redis://127.0.0.1:6379", appId + "*");
  }
}
