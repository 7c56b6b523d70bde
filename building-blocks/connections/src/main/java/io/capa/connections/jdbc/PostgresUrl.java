package io.capa.connections.jdbc;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Turns a PostgreSQL connection string as Dapr components take it into a JDBC URL and properties.
 * Accepted shapes: keyword/value ({@code host=localhost user=postgres password=x port=5432
 * dbname=test}), a URL ({@code postgres://user:pw@host:5432/db?sslmode=disable}), or a JDBC URL
 * ({@code jdbc:postgresql://...}) passed through.
 */
public record PostgresUrl(String jdbcUrl, Properties properties) {

  /** @throws IllegalArgumentException naming what is wrong with {@code text} */
  public static PostgresUrl parse(String text) {
    String t = text.trim();
    if (t.startsWith("jdbc:postgresql:")) {
      return new PostgresUrl(t, new Properties());
    }
    if (t.startsWith("postgres://") || t.startsWith("postgresql://")) {
      return fromUri(t);
    }
    return fromKeywords(t);
  }

  private static PostgresUrl fromUri(String t) {
    URI uri;
    try {
      uri = URI.create(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid URL: " + e.getMessage(), e);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("the URL names no host");
    }
    Properties p = new Properties();
    if (uri.getRawUserInfo() != null) {
      String[] up = uri.getRawUserInfo().split(":", 2);
      p.setProperty("user", decode(up[0]));
      if (up.length > 1) {
        p.setProperty("password", decode(up[1]));
      }
    }
    String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    return new PostgresUrl("jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + db + query, p);
  }

  private static PostgresUrl fromKeywords(String t) {
    Map<String, String> kv = new LinkedHashMap<>();
    for (String part : t.split("\\s+")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("'" + part + "' is not keyword=value");
      }
      kv.put(part.substring(0, eq).toLowerCase(java.util.Locale.ROOT), unquote(part.substring(eq + 1)));
    }
    if (kv.isEmpty()) {
      throw new IllegalArgumentException("empty connection string");
    }
    Properties p = new Properties();
    String host = kv.getOrDefault("host", "localhost");
    String port = kv.getOrDefault("port", "5432");
    if (!port.matches("\\d{1,5}")) {
      throw new IllegalArgumentException("port '" + port + "' is not a number");
    }
    String db = kv.getOrDefault("dbname", kv.getOrDefault("database", "postgres"));
    for (Map.Entry<String, String> e : kv.entrySet()) {
      switch (e.getKey()) {
        case "host", "port", "dbname", "database" -> { }
        case "user" -> p.setProperty("user", e.getValue());
        case "password" -> p.setProperty("password", e.getValue());
        case "sslmode" -> p.setProperty("sslmode", e.getValue());
        case "connect_timeout" -> p.setProperty("connectTimeout", e.getValue());
        case "application_name" -> p.setProperty("ApplicationName", e.getValue());
        default -> p.setProperty(e.getKey(), e.getValue());
      }
    }
    return new PostgresUrl("jdbc:postgresql://" + host + ":" + port + "/" + db, p);
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("'") && v.endsWith("'") ? v.substring(1, v.length() - 1) : v;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
