package io.capa.persistence.redis.tck;

import io.capa.persistence.redis.RedisTestSupport;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.snapshot.JavaSnapshotStoreSpec;
import org.junit.runner.RunWith;
import org.scalatestplus.junit.JUnitRunner;

/** Pekko's snapshot store TCK against the shared Redis, with every optional capability on. */
@RunWith(JUnitRunner.class)
public class RedisSnapshotStoreTckTest extends JavaSnapshotStoreSpec {
  private final RedisTestSupport redis;

  public RedisSnapshotStoreTckTest() {
    this(RedisTestSupport.create("tck-snapshot"));
  }

  private RedisSnapshotStoreTckTest(RedisTestSupport redis) {
    super(redis.config());
    this.redis = redis;
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
