package io.capa.persistence.jdbc;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The real databases the tests run against. PostgreSQL and MariaDB must be up: a test that
 * cannot reach them fails, it is never skipped.
 */
public enum TestBackend {
  H2("jdbc:h2:file:" + Path.of("target", "h2", "capa-test").toAbsolutePath(), "sa", ""),
  POSTGRES("jdbc:postgresql://127.0.0.1:5432/test", "postgres", ""),
  MARIADB("jdbc:mariadb://127.0.0.1:3306/test", "root", "");

  private final String url;
  private final String user;
  private final String password;

  TestBackend(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  public String url() {
    return url;
  }

  /** Settings pointing all three plugins at this backend and at tables named prefix_*. */
  public Config config(String tablePrefix) {
    return ConfigFactory.parseString(String.join("\n",
        "pekko.loglevel = WARNING",
        "pekko.persistence.journal.plugin = \"capa.persistence.jdbc.journal\"",
        "pekko.persistence.snapshot-store.plugin = \"capa.persistence.jdbc.snapshot\"",
        "pekko.persistence.state.plugin = \"capa.persistence.jdbc.state\"",
        "capa.persistence.jdbc.connection.url = \"" + url + "\"",
        "capa.persistence.jdbc.connection.user = \"" + user + "\"",
        "capa.persistence.jdbc.connection.password = \"" + password + "\"",
        "capa.persistence.jdbc.journal.table = " + tablePrefix + "_journal",
        "capa.persistence.jdbc.snapshot.table = " + tablePrefix + "_snapshot",
        "capa.persistence.jdbc.state.table = " + tablePrefix + "_state"));
  }

  /** Drops the tables named prefix_* so a test starts from nothing; returns config(prefix). */
  public Config freshConfig(String tablePrefix) {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      for (String kind : new String[] {"journal", "snapshot", "state"}) {
        st.execute("DROP TABLE IF EXISTS " + tablePrefix + "_" + kind);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot reach " + this + " at " + url, e);
    }
    return config(tablePrefix);
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }
}
