package io.capa.configuration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.configuration.ConfigurationItem;
import io.capa.components.spi.ComponentHealth;
import io.capa.configuration.spi.ConfigurationChange;
import io.capa.configuration.spi.ConfigurationStore;
import io.capa.connections.jdbc.JdbcConnector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. Dapr's {@code configuration.postgresql}: a table of key, value, version and
 * metadata. Changes reach watchers through {@code LISTEN}/{@code NOTIFY}: a row trigger sends the
 * key of each insert, update and delete on the notify channel, and the store reads the row. The store creates the table, the trigger function
 * and the trigger when they are missing (Dapr leaves the trigger to the user); a listener thread per
 * store holds one connection for {@code LISTEN} and reconnects when it drops.
 */
final class PostgresConfigurationStore implements ConfigurationStore {
  private static final Logger log = LoggerFactory.getLogger(PostgresConfigurationStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LISTEN_POLL = Duration.ofMillis(500);

  private final String name;
  private final String table;
  private final String channel;
  private final JdbcConnector db;
  private final Watchers watchers = new Watchers();
  private final Thread listener;
  private volatile boolean closed;
  /** Whether the LISTEN connection is up: until it is, changes would be missed, so the store is down. */
  private volatile boolean listening;

  PostgresConfigurationStore(String name, String table, String channel, JdbcConnector db) {
    this.name = name;
    this.table = table;
    this.channel = channel;
    this.db = db;
    this.listener = new Thread(this::listen, "capa-configuration-listen-" + name);
    listener.setDaemon(true);
    listener.start();
  }

  /** The table, a trigger function that notifies {@code channel} with the row as JSON, and the trigger. */
  static void setUp(Connection c, String table, String channel) throws SQLException {
    String fn = table.replace('.', '_') + "_notify";
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS " + table
          + " (key TEXT PRIMARY KEY, value TEXT NOT NULL, version TEXT NOT NULL, metadata JSON)");
      // only the key travels: NOTIFY payloads are limited to 8000 bytes, and a larger one would fail the write itself
      st.execute("CREATE OR REPLACE FUNCTION " + fn + "() RETURNS TRIGGER AS $$ BEGIN"
          + " IF TG_OP = 'DELETE' THEN"
          + "   PERFORM pg_notify('" + channel + "', json_build_object('action', TG_OP, 'key', OLD.key)::text);"
          + "   RETURN OLD;"
          + " END IF;"
          + " PERFORM pg_notify('" + channel + "', json_build_object('action', TG_OP, 'key', NEW.key)::text);"
          + " RETURN NEW; END; $$ LANGUAGE plpgsql");
      try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_trigger WHERE tgname = '" + fn + "_trigger'"
          + " AND tgrelid = '" + table + "'::regclass")) {
        if (!rs.next()) {
          st.execute("CREATE TRIGGER " + fn + "_trigger AFTER INSERT OR UPDATE OR DELETE ON " + table
              + " FOR EACH ROW EXECUTE FUNCTION " + fn + "()");
        }
      }
    }
  }

  private void listen() {
    long backoff = 200;
    while (!closed) {
      if (!db.isUp()) {
        sleep(backoff);
        continue;
      }
      try (Connection c = db.open(); Statement st = c.createStatement()) {
        st.execute("LISTEN " + channel);
        PGConnection pg = c.unwrap(PGConnection.class);
        backoff = 200;
        listening = true;
        while (!closed) {
          PGNotification[] ns = pg.getNotifications((int) LISTEN_POLL.toMillis());
          if (ns != null) {
            for (PGNotification n : ns) {
              onNotification(n.getParameter());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        listening = false;
        if (!closed) {
          log.warn("configuration store '{}': listening on '{}' failed, reconnecting: {}", name, channel, e.getMessage());
          sleep(backoff);
          backoff = Math.min(backoff * 2, 5000);
        }
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A notification names a key (this store's trigger sends {@code {"action","key"}}; Dapr's
   * documented trigger sends {@code {"action","data":{row}}}, whose key is used the same way). The
   * row is read again rather than taken from the payload, so values of any size are seen whole.
   */
  private void onNotification(String payload) {
    String key;
    boolean deleted;
    try {
      JsonNode n = JSON.readTree(payload);
      key = n.hasNonNull("key") ? n.get("key").asText() : n.path("data").path("key").asText();
      deleted = "DELETE".equals(n.path("action").asText());
    } catch (java.io.IOException | RuntimeException e) {
      log.warn("configuration store '{}': unreadable notification on '{}': {}", name, channel, payload, e);
      return;
    }
    if (key.isEmpty() || !watchers.wants(key)) {
      return;
    }
    if (deleted) {
      watchers.publish(new ConfigurationChange(Map.of(), Set.of(key)));
      return;
    }
    try {
      Map<String, ConfigurationItem> now = get(List.of(key), Map.of()).toCompletableFuture().get(30, TimeUnit.SECONDS);
      ConfigurationItem item = now.get(key);
      watchers.publish(item == null
          ? new ConfigurationChange(Map.of(), Set.of(key))
          : new ConfigurationChange(Map.of(key, item), Set.of()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      log.warn("configuration store '{}' could not read changed key '{}'", name, key, e);
    }
  }

  private static ConfigurationItem item(String key, String value, String version, JsonNode metadata) {
    Map<String, String> md = new LinkedHashMap<>();
    if (metadata != null && metadata.isObject()) {
      metadata.properties().forEach(e -> md.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    }
    return new ConfigurationItem(key, value, version == null || version.isEmpty() ? Optional.empty() : Optional.of(version), md);
  }

  @Override
  public CompletionStage<Map<String, ConfigurationItem>> get(List<String> keys, Map<String, String> metadata) {
    String sql = "SELECT key, value, version, metadata::text FROM " + table
        + (keys.isEmpty() ? "" : " WHERE key = ANY (?)");
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        if (!keys.isEmpty()) {
          ps.setArray(1, c.createArrayOf("text", keys.toArray()));
        }
        Map<String, ConfigurationItem> r = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String md = rs.getString(4);
            r.put(rs.getString(1), item(rs.getString(1), rs.getString(2), rs.getString(3), md == null ? null : readJson(md)));
          }
        }
        return r;
      }
    });
  }

  private static JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  @Override
  public AutoCloseable watch(List<String> keys, Consumer<ConfigurationChange> listener) {
    return watchers.add(keys, listener);
  }

  @Override
  public CompletionStage<Void> save(List<ConfigurationItem> items, Map<String, String> metadata) {
    String upsert = "INSERT INTO " + table + " AS t (key, value, version, metadata) VALUES (?, ?, '1', ?::json)"
        + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, metadata = EXCLUDED.metadata,"
        + " version = CASE WHEN t.version ~ '^[0-9]{1,18}$' THEN (t.version::bigint + 1)::text ELSE '1' END";
    String conditional = "UPDATE " + table + " SET value = ?, metadata = ?::json,"
        + " version = CASE WHEN version ~ '^[0-9]{1,18}$' THEN (version::bigint + 1)::text ELSE '1' END"
        + " WHERE key = ? AND version = ?";
    return db.call(c -> {
      c.setAutoCommit(false);
      try {
        for (ConfigurationItem item : items) {
          String md = JSON.writeValueAsString(item.metadata());
          if (item.version().isPresent()) {
            try (PreparedStatement ps = c.prepareStatement(conditional)) {
              ps.setString(1, item.value());
              ps.setString(2, md);
              ps.setString(3, item.key());
              ps.setString(4, item.version().get());
              if (ps.executeUpdate() != 1) {
                c.rollback();
                throw new CapaException(ErrorCode.ETAG_MISMATCH,
                    "configuration key '" + item.key() + "' is no longer at version " + item.version().get());
              }
            }
          } else {
            try (PreparedStatement ps = c.prepareStatement(upsert)) {
              ps.setString(1, item.key());
              ps.setString(2, item.value());
              ps.setString(3, md);
              ps.executeUpdate();
            }
          }
        }
        c.commit();
        return null;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        c.rollback();
        throw new IllegalStateException(e);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    });
  }

  @Override
  public CompletionStage<Void> delete(List<String> keys, Map<String, String> metadata) {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE key = ANY (?)")) {
        ps.setArray(1, c.createArrayOf("text", keys.toArray()));
        ps.executeUpdate();
        return null;
      }
    });
  }

  @Override
  public ComponentHealth health() {
    ComponentHealth h = db.health();
    return h.up() && !listening ? ComponentHealth.down("not yet listening on channel '" + channel + "'") : h;
  }

  @Override
  public void close() {
    closed = true;
    db.close();
    listener.interrupt();
  }
}
