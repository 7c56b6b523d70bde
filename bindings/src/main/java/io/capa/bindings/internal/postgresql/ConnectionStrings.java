package io.capa.bindings.internal.postgresql;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * INTERNAL API. Dapr's PostgreSQL connection strings, {@code host=... port=... user=...
 * password=... database=...} or {@code postgres://user:pass@host:port/db?opt=v}, as a JDBC URL and
 * properties.
 */
final class ConnectionStrings {
  private ConnectionStrings() {}

  record Jdbc(String url, Properties properties) {}

  static Jdbc parse(String text) {
    Map<String, String> kv = new LinkedHashMap<>();
    String t = text.trim();
    if (t.startsWith("postgres://") || t.startsWith("postgresql://")) {
      URI uri = URI.create(t);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host in the URL");
      }
      kv.put("host", uri.getHost());
      if (uri.getPort() > 0) {
        kv.put("port", String.valueOf(uri.getPort()));
      }
      if (uri.getRawUserInfo() != null) {
        String[] user = uri.getRawUserInfo().split(":", 2);
        kv.put("user", decode(user[0]));
        if (user.length == 2) {
          kv.put("password", decode(user[1]));
        }
      }
      if (uri.getPath() != null && uri.getPath().length() > 1) {
        kv.put("database", uri.getPath().substring(1));
      }
      if (uri.getRawQuery() != null) {
        for (String pair : uri.getRawQuery().split("&")) {
          String[] p = pair.split("=", 2);
          kv.put(decode(p[0]), p.length == 2 ? decode(p[1]) : "");
        }
      }
    } else {
      for (String pair : t.split("\\s+")) {
        String[] p = pair.split("=", 2);
        if (p.length != 2 || p[0].isEmpty()) {
          throw new IllegalArgumentException("'" + pair + "' is not key=value");
        }
        kv.put(p[0], p[1]);
      }
    }
    String host = kv.remove("host");
    if (host == null) {
      throw new IllegalArgumentException("no host");
    }
    String port = kv.getOrDefault("port", "5432");
    kv.remove("port");
    String database = kv.containsKey("database") ? kv.remove("database") : kv.getOrDefault("dbname", "postgres");
    kv.remove("dbname");
    Properties props = new Properties();
    if (kv.containsKey("user")) {
      props.setProperty("user", kv.remove("user"));
    }
    if (kv.containsKey("password")) {
      props.setProperty("password", kv.remove("password"));
    }
    String timeout = kv.remove("connect_timeout");
    if (timeout != null) {
      props.setProperty("connectTimeout", timeout);
    }
    String sslmode = kv.remove("sslmode");
    if (sslmode != null) {
      props.setProperty("sslmode", sslmode);
    }
    // Other pgx options have no JDBC equivalent; they are ignored.
    return new Jdbc("jdbc:postgresql://" + host + ":" + port + "/" + database, props);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
