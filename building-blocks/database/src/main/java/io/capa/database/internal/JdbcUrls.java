package io.capa.database.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * INTERNAL API. Turns what a component file gives into a JDBC URL and credentials: a JDBC URL as
 * is, or the connection strings Dapr's components take — PostgreSQL's {@code postgres://user:pw@host:5432/db}
 * URL or {@code host=... port=... user=... password=... dbname=...} keywords, MySQL's Go DSN
 * {@code user:pw@tcp(host:3306)/db?params}.
 */
final class JdbcUrls {
  private static final Pattern GO_DSN = Pattern.compile("(?:([^:@]*)(?::([^@]*))?@)?(?:tcp\\(([^)]*)\\))?/([^?]*)(?:\\?.*)?");

  record Target(String url, Optional<String> user, Optional<String> password) {}

  private JdbcUrls() {}

  static Target parse(String kind, String text) {
    String s = text.strip();
    if (s.startsWith("jdbc:")) {
      return new Target(s, Optional.empty(), Optional.empty());
    }
    switch (kind) {
      case "postgresql":
        return s.startsWith("postgres://") || s.startsWith("postgresql://") ? postgresUrl(s) : postgresKeywords(s);
      case "mysql":
        return goDsn(s);
      default:
        throw new IllegalArgumentException("expected a JDBC URL (jdbc:h2:...), got \"" + redact(s) + "\"");
    }
  }

  private static Target postgresUrl(String s) {
    URI u = URI.create(s);
    if (u.getHost() == null) {
      throw new IllegalArgumentException("no host in \"" + redact(s) + "\"");
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    if (u.getRawUserInfo() != null) {
      String[] up = u.getRawUserInfo().split(":", 2);
      user = Optional.of(decode(up[0]));
      password = up.length > 1 ? Optional.of(decode(up[1])) : Optional.empty();
    }
    int port = u.getPort() < 0 ? 5432 : u.getPort();
    String db = u.getPath() == null || u.getPath().length() <= 1 ? "postgres" : u.getPath().substring(1);
    String query = u.getRawQuery() == null ? "" : "?" + u.getRawQuery();
    return new Target("jdbc:postgresql://" + u.getHost() + ":" + port + "/" + db + query, user, password);
  }

  private static Target postgresKeywords(String s) {
    Map<String, String> kv = new LinkedHashMap<>();
    for (String part : s.split("\\s+")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value pairs, a postgres:// URL or a JDBC URL; \""
            + (part.contains("password") ? "password..." : part) + "\" is neither");
      }
      kv.put(part.substring(0, eq).toLowerCase(java.util.Locale.ROOT), part.substring(eq + 1));
    }
    String host = kv.getOrDefault("host", "localhost");
    String port = kv.getOrDefault("port", "5432");
    String db = kv.getOrDefault("dbname", kv.getOrDefault("database", "postgres"));
    String url = "jdbc:postgresql://" + host + ":" + port + "/" + db
        + (kv.containsKey("sslmode") ? "?sslmode=" + kv.get("sslmode") : "");
    return new Target(url, Optional.ofNullable(kv.get("user")), Optional.ofNullable(kv.get("password")));
  }

  private static Target goDsn(String s) {
    Matcher m = GO_DSN.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected user:password@tcp(host:port)/database or a JDBC URL, got \""
          + redact(s) + "\"");
    }
    String address = m.group(3) == null || m.group(3).isEmpty() ? "localhost:3306" : m.group(3);
    if (!address.contains(":")) {
      address = address + ":3306";
    }
    return new Target("jdbc:mariadb://" + address + "/" + m.group(4),
        Optional.ofNullable(m.group(1)).filter(u -> !u.isEmpty()), Optional.ofNullable(m.group(2)));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The text without anything between the scheme and '@' (credentials). */
  static String redact(String s) {
    return s.replaceAll("//[^@/]*@", "//***@").replaceAll("^[^@/(]*@", "***@");
  }
}
