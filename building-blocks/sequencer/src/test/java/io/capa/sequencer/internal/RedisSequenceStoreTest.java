package io.capa.sequencer.internal;

import io.capa.sequencer.spi.SequenceStore;
import io.capa.sequencer.testkit.SequencerConformance;
import io.capa.sequencer.testkit.TestComponents;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/** The conformance suite against the Redis on 127.0.0.1:6379, under a key prefix of its own. */
class RedisSequenceStoreTest extends SequencerConformance {
  private static final TestComponents ENV = new TestComponents();
  private static final String PREFIX = "capa-seq-test-" + UUID.randomUUID();

  @Override
  protected SequenceStore newStore() throws Exception {
    return (SequenceStore) new SequenceStoreFactory().create(
        TestComponents.config("seq", SequenceStoreFactory.REDIS,
            Map.of("redisHost", "127.0.0.1:6379", "keyPrefix", PREFIX)),
        ENV.context(Path.of(".")));
  }

  @AfterAll
  static void cleanUp() {
    ENV.close();
    RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
    try (var c = client.connect()) {
      ScanIterator.scan(c.sync(), ScanArgs.Builder.matches(PREFIX + "*").limit(1000))
          .stream().toList().forEach(k -> c.sync().del(k));
    } finally {
      client.shutdown();
    }
  }
}
