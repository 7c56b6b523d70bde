package io.capa.benchmarks.persistence;

import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.Nodes;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The persistence backends the benchmarks know. Adding one is one entry here plus a {@link Store}
 * that configures its plugin and drives its raw client.
 */
public enum Backend {
  H2 {
    @Override
    Store open(String tag, Args a) {
      String dir = Nodes.tempDataDir().toString();
      String url = "jdbc:h2:file:" + dir + "/bench;WRITE_DELAY=0;MAX_COMPACT_TIME=0";
      return new JdbcStore("h2", a.string("url", url), a.string("user", "sa"), a.string("password", ""), tag);
    }
  },
  POSTGRES {
    @Override
    Store open(String tag, Args a) {
      return new JdbcStore(
          "postgres",
          a.string("url", "jdbc:postgresql://127.0.0.1:5432/test"),
          a.string("user", "postgres"),
          a.string("password", ""),
          tag);
    }
  },
  MARIADB {
    @Override
    Store open(String tag, Args a) {
      return new JdbcStore(
          "mariadb",
          a.string("url", "jdbc:mariadb://127.0.0.1:3306/test"),
          a.string("user", "root"),
          a.string("password", ""),
          tag);
    }
  },
  REDIS {
    @Override
    Store open(String tag, Args a) {
      return new RedisStore(a.string("url", "redis://127.0.0.1:6379"), tag);
    }
  };

  /**
   * Opens the backend for one benchmark run. {@code tag} makes the run's table names (or key
   * prefixes) its own, so they can be dropped at the end without touching anything else.
   */
  abstract Store open(String tag, Args a);

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The backend named on the command line, e.g. {@code postgres}. */
  public static Backend parse(String name) {
    for (Backend b : values()) {
      if (b.id().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return b;
      }
    }
    throw new IllegalArgumentException(
        "--backend: unknown backend '" + name + "', expected one of "
            + Arrays.stream(values()).map(Backend::id).collect(Collectors.joining(", ")));
  }

  /** A fresh tag per run: plain identifier characters only, so it can prefix a table name. */
  static String newTag() {
    return "bench_" + Long.toString(System.currentTimeMillis(), 36);
  }
}
