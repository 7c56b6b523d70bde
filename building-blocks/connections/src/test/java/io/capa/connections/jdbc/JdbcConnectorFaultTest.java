package io.capa.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.spi.ComponentContext;
import io.capa.connections.testkit.TcpProxy;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The PostgreSQL on 5432 seen through a proxy the test opens and shuts, to play a database that comes and goes. */
class JdbcConnectorFaultTest {
  private final ExecutorService blocking = Executors.newCachedThreadPool();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
  private final ComponentContext context = new ComponentContext("app", blocking, scheduler, Path.of("."));

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    blocking.shutdownNow();
  }

  private static void await(BooleanSupplier c) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!c.getAsBoolean()) {
      assertThat(System.nanoTime() - end).as("deadline").isNegative();
      Thread.sleep(25);
    }
  }

  private static int selectOne(java.sql.Connection c) throws java.sql.SQLException {
    try (var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void databaseDownAtStart_failsFastThenRecoversAndRunsSetupOnce() throws Exception {
    AtomicInteger setups = new AtomicInteger();
    try (TcpProxy proxy = new TcpProxy(5432);
        JdbcConnector db = new JdbcConnector("pg", PostgresUrl.parse(
            "host=127.0.0.1 port=" + proxy.port() + " user=postgres dbname=test connect_timeout=2"), 2, context, c -> {
              setups.incrementAndGet();
              return null;
            })) {
      assertThat(db.health().up()).isFalse();
      assertThatThrownBy(() -> db.call(JdbcConnectorFaultTest::selectOne).toCompletableFuture().get(1, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(CapaException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPONENT_FAILED));

      proxy.open();
      await(() -> db.health().up());
      assertThat(db.call(JdbcConnectorFaultTest::selectOne).toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(1);

      proxy.shut();
      await(() -> !db.health().up());
      proxy.open();
      await(() -> db.health().up());
      assertThat(db.call(JdbcConnectorFaultTest::selectOne).toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(setups).hasValue(1);
    }
  }
}
