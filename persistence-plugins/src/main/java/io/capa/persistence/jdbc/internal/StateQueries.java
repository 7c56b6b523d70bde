package io.capa.persistence.jdbc.internal;

import io.capa.persistence.jdbc.internal.PayloadCodec.Serialized;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.persistence.state.javadsl.GetObjectResult;

/** INTERNAL API. Reads and hard deletes of one durable state table. */
public final class StateQueries {
  private final Database db;
  private final PayloadCodec codec;
  private final String selectSql;
  private final String purgeSql;

  public StateQueries(Database db, String table, PayloadCodec codec) {
    this.db = db;
    this.codec = codec;
    this.selectSql = "SELECT revision, ser_id, ser_manifest, payload FROM " + table
        + " WHERE persistence_id = ?";
    this.purgeSql = "DELETE FROM " + table + " WHERE persistence_id = ?";
  }

  /** The state and its revision; a deleted state reads as empty with the delete's revision. */
  public <A> CompletableFuture<GetObjectResult<A>> get(String persistenceId) {
    return db.run(c -> {
      try (PreparedStatement ps = c.prepareStatement(selectSql)) {
        ps.setString(1, persistenceId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return new GetObjectResult<>(Optional.<A>empty(), 0L);
          }
          long revision = rs.getLong(1);
          byte[] bytes = rs.getBytes(4);
          if (bytes == null) {
            return new GetObjectResult<>(Optional.<A>empty(), revision);
          }
          Object value = codec.decode(new Serialized(rs.getInt(2), rs.getString(3), bytes),
              "durable state", persistenceId, revision);
          @SuppressWarnings("unchecked")
          A typed = (A) value;
          return new GetObjectResult<>(Optional.of(typed), revision);
        }
      }
    });
  }

  /** Removes the row whatever its revision; the next write starts again at revision 1. */
  public CompletableFuture<Void> purge(String persistenceId) {
    return db.run(c -> {
      try (PreparedStatement ps = c.prepareStatement(purgeSql)) {
        ps.setString(1, persistenceId);
        ps.executeUpdate();
      }
      return null;
    });
  }
}
