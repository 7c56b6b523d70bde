package io.capa.persistence.jdbc;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The real databases the tests run against. PostgreSQL and MariaDB must be up: a test that
 * cannot reach them fails, it is never skipped. On H2 each table prefix gets its own database
 * file under target/h2, with the URL options of the shipped default.
 */
public enum TestBackend {
  H2(null, "sa", ""),
  POSTGRES("jdbc:postgresql://127.0.0.1:5432/test", "postgres", ""),
  MARIADB("jdbc:mariadb://127.0.0.1:3306/test", "root", "");

  private static final Path H2_DIR = Path.of("target", "h2").toAbsolutePath();

  private final String serverUrl;
  private final String user;
  private final String password;

  TestBackend(String serverUrl, String user, String password) {
    this.serverUrl = serverUrl;
    this.user = user;
    this.password = password;
  }

  /** The JDBC URL for tables named prefix_*. */
  public String url(String tablePrefix) {
    return serverUrl != null ? serverUrl
        : "jdbc:h2:file:" + H2_DIR.resolve(tablePrefix) + ";MAX_COMPACT_TIME=0";
  }

  /** Settings pointing all three plugins at this backend and at tables named prefix_*. */
  public Config config(String tablePrefix) {
    return ConfigFactory.parseString(String.join("\n",
        "pekko.loglevel = WARNING",
        "pekko.persistence.journal.plugin = \"capa.persistence.jdbc.journal\"",
        "pekko.persistence.snapshot-store.plugin = \"capa.persistence.jdbc.snapshot\"",
        "pekko.persistence.state.plugin = \"capa.persistence.jdbc.state\"",
        "capa.persistence.jdbc.connection.url = \"" + url(tablePrefix) + "\"",
        "capa.persistence.jdbc.connection.user = \"" + user + "\"",
        "capa.persistence.jdbc.connection.password = \"" + password + "\"",
        "capa.persistence.jdbc.journal.table = " + tablePrefix + "_journal",
        "capa.persistence.jdbc.snapshot.table = " + tablePrefix + "_snapshot",
        "capa.persistence.jdbc.state.table = " + tablePrefix + "_state"));
  }

  /** Starts the tables named prefix_* from nothing; returns config(prefix). */
  public Config freshConfig(String tablePrefix) {
    if (this == H2) {
      deleteH2Files(tablePrefix);
    }
    try (Connection c = connect(tablePrefix); Statement st = c.createStatement()) {
      for (String kind : new String[] {"journal", "snapshot", "state"}) {
        st.execute("DROP TABLE IF EXISTS " + tablePrefix + "_" + kind);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot reach " + this + " at " + url(tablePrefix), e);
    }
    return config(tablePrefix);
  }

  public Connection connect(String tablePrefix) throws SQLException {
    return DriverManager.getConnection(url(tablePrefix), user, password);
  }

  private static void deleteH2Files(String name) {
    try {
      Files.createDirectories(H2_DIR);
      Files.deleteIfExists(H2_DIR.resolve(name + ".mv.db"));
      Files.deleteIfExists(H2_DIR.resolve(name + ".trace.db"));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot reset the H2 files of " + name, e);
    }
  }
}
