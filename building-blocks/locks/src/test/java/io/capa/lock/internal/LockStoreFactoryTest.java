package io.capa.lock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.components.api.ComponentParseException;
import io.capa.lock.testkit.TestComponents;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LockStoreFactoryTest {
  private final TestComponents env = new TestComponents();
  private final LockStoreFactory factory = new LockStoreFactory();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void validate_redisWithoutHost_namesTheField() {
    assertThat(factory.validate(TestComponents.config("r", LockStoreFactory.REDIS, Map.of()).spec()))
        .singleElement().asString().contains("redisHost");
  }

  @Test
  void validate_redisHostWithoutPortNumber_isRefused() {
    assertThat(factory.validate(
            TestComponents.config("r", LockStoreFactory.REDIS, Map.of("redisHost", "h:port")).spec()))
        .singleElement().asString().contains("redisHost").contains("h:port");
  }

  @Test
  void create_badTableName_isRefused() {
    assertThatThrownBy(() -> factory.create(TestComponents.config("p", LockStoreFactory.POSTGRESQL,
            Map.of("connectionString", "host=x", "tableName", "locks; drop table x")), env.context(Path.of("."))))
        .isInstanceOf(ComponentParseException.class)
        .hasMessageContaining("tableName");
  }

  @Test
  void create_garbageConnectionString_isRefused() {
    assertThatThrownBy(() -> factory.create(TestComponents.config("p", LockStoreFactory.POSTGRESQL,
            Map.of("connectionString", "not a connection string")), env.context(Path.of("."))))
        .isInstanceOf(ComponentParseException.class)
        .hasMessageContaining("connectionString");
  }

  @Test
  void types_areFoundThroughServiceLoader() {
    assertThat(io.capa.components.spi.ComponentTypes.discover().known())
        .contains(LockStoreFactory.REDIS, LockStoreFactory.POSTGRESQL, LockStoreFactory.IN_MEMORY);
  }
}
