package io.capa.state.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * INTERNAL API. A JDBC URL with its credentials, read from the connection strings Dapr's SQL
 * state stores accept, so that their component files work unchanged.
 *
 * @param database the database the URL names; empty when it names none
 */
record JdbcTarget(String url, Optional<String> user, Optional<String> password, Optional<String> database) {
  private static final Pattern KEY_VALUE = Pattern.compile("(\\w+)\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|\\S*)");

  /**
   * PostgreSQL: a JDBC URL, a {@code postgres://user:password@host:port/db?sslmode=...} URL, or
   * libpq's {@code host=... port=... user=... password=... dbname=...} form.
   */
  static JdbcTarget postgres(String connectionString) {
    String s = connectionString.trim();
    if (s.startsWith("jdbc:postgresql:")) {
      return new JdbcTarget(s, Optional.empty(), Optional.empty(), Optional.empty());
    }
    if (s.startsWith("postgres://") || s.startsWith("postgresql://")) {
      URI uri = URI.create(s);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("'" + redact(s) + "' names no host");
      }
      Optional<String> user = Optional.empty();
      Optional<String> password = Optional.empty();
      if (uri.getRawUserInfo() != null) {
        String[] parts = uri.getRawUserInfo().split(":", 2);
        user = Optional.of(decode(parts[0]));
        password = parts.length > 1 ? Optional.of(decode(parts[1])) : Optional.empty();
      }
      String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "" : uri.getPath().substring(1);
      String url = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + "/" + db
          + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      return new JdbcTarget(url, user, password, db.isEmpty() ? Optional.empty() : Optional.of(db));
    }
    Map<String, String> kv = new LinkedHashMap<>();
    Matcher m = KEY_VALUE.matcher(s);
    int at = 0;
    while (m.find()) {
      if (!s.substring(at, m.start()).isBlank()) {
        break;
      }
      String v = m.group(2);
      if (v.startsWith("'")) {
        v = v.substring(1, v.length() - 1).replaceAll("\\\\(.)", "$1");
      }
      kv.put(m.group(1).toLowerCase(java.util.Locale.ROOT), v);
      at = m.end();
    }
    if (kv.isEmpty() || !s.substring(at).isBlank()) {
      throw new IllegalArgumentException(
          "is neither a postgres:// URL, a jdbc:postgresql: URL nor 'host=... user=... dbname=...' pairs");
    }
    String host = kv.getOrDefault("host", "localhost");
    String port = kv.getOrDefault("port", "5432");
    String db = kv.containsKey("dbname") ? kv.get("dbname") : kv.getOrDefault("database", "");
    StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/').append(db);
    if (kv.containsKey("sslmode")) {
      url.append("?sslmode=").append(kv.get("sslmode"));
    }
    return new JdbcTarget(url.toString(), Optional.ofNullable(kv.get("user")), Optional.ofNullable(kv.get("password")),
        db.isEmpty() ? Optional.empty() : Optional.of(db));
  }

  /**
   * MySQL and MariaDB: Go's DSN form {@code user:password@tcp(host:port)/db?params} (the Go
   * driver's parameters are dropped), or a {@code jdbc:mariadb:} / {@code jdbc:mysql:} URL.
   */
  static JdbcTarget mysql(String connectionString) {
    String s = connectionString.trim();
    if (s.startsWith("jdbc:mysql:")) {
      s = "jdbc:mariadb:" + s.substring("jdbc:mysql:".length());
    }
    if (s.startsWith("jdbc:mariadb:")) {
      return new JdbcTarget(s, Optional.empty(), Optional.empty(), databaseOf(s));
    }
    int q = s.indexOf('?');
    String main = q < 0 ? s : s.substring(0, q);
    int slash = main.lastIndexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("is neither a DSN like user:password@tcp(host:3306)/db nor a jdbc:mariadb: URL");
    }
    String db = main.substring(slash + 1);
    String head = main.substring(0, slash);
    int atSign = head.lastIndexOf('@');
    String userInfo = atSign < 0 ? "" : head.substring(0, atSign);
    String address = atSign < 0 ? head : head.substring(atSign + 1);
    String hostPort = "127.0.0.1:3306";
    if (!address.isEmpty()) {
      Matcher am = Pattern.compile("(\\w+)(?:\\((.*)\\))?").matcher(address);
      if (!am.matches() || !am.group(1).equals("tcp")) {
        throw new IllegalArgumentException("address '" + address + "' is not tcp(host:port)");
      }
      if (am.group(2) != null && !am.group(2).isEmpty()) {
        hostPort = am.group(2).contains(":") ? am.group(2) : am.group(2) + ":3306";
      }
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    if (!userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      user = Optional.of(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? Optional.empty() : Optional.of(userInfo.substring(colon + 1));
    }
    return new JdbcTarget("jdbc:mariadb://" + hostPort + "/" + db, user, password,
        db.isEmpty() ? Optional.empty() : Optional.of(db));
  }

  private static Optional<String> databaseOf(String jdbcUrl) {
    Matcher m = Pattern.compile("jdbc:\\w+://[^/]*/([^?;]+)").matcher(jdbcUrl);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The connection string without its password, for error messages. */
  static String redact(String s) {
    return s.replaceAll("(://[^:/@]*:)[^@]*@", "$1***@").replaceAll("(?i)(password\\s*=\\s*)\\S+", "$1***");
  }
}
