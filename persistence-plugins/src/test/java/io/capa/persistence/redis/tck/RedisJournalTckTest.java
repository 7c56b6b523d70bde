package io.capa.persistence.redis.tck;

import io.capa.persistence.redis.RedisTestSupport;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.journal.JavaJournalSpec;
import org.junit.runner.RunWith;
import org.scalatestplus.junit.JUnitRunner;

/** Pekko's journal TCK against the shared Redis, with every optional capability on. */
@RunWith(JUnitRunner.class)
public class RedisJournalTckTest extends JavaJournalSpec {
  private final RedisTestSupport redis;

  public RedisJournalTckTest() {
    this(RedisTestSupport.create("tck-journal"));
  }

  private RedisJournalTckTest(RedisTestSupport redis) {
    super(redis.config());
    this.redis = redis;
  }

  @Override
  public CapabilityFlag supportsRejectingNonSerializableObjects() {
    return CapabilityFlag.on();
  }

  @Override
  public CapabilityFlag supportsSerialization() {
    return CapabilityFlag.on();
  }

  @Override
  public CapabilityFlag supportsMetadata() {
    return CapabilityFlag.on();
  }

  @Override
  public void afterAll() {
    try {
      super.afterAll();
    } finally {
      redis.close();
    }
  }
}
