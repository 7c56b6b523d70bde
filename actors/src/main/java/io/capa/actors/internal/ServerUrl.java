package io.capa.actors.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * INTERNAL API: the {@code persistence.url} of a server backend, in the form people copy from their
 * database's console ({@code postgres://user:secret@db:5432/app}) or as the JDBC driver wants it. Both
 * forms become the driver's URL, with credentials found in the URL kept apart so that they never
 * show up where the URL is logged.
 */
public record ServerUrl(String url, String user, String password) {

  /**
   * {@code url} as a JDBC URL: kept when it already starts with {@code jdbcPrefix}, rewritten from one
   * of {@code schemes} to {@code jdbc:<driverScheme>://host:port/db?query}, {@code fallback} when empty.
   */
  static ServerUrl jdbc(
      String url, String jdbcPrefix, String[] schemes, String driverScheme, String fallback, String expected) {
    if (url.isEmpty()) {
      return new ServerUrl(fallback, "", "");
    }
    if (url.startsWith(jdbcPrefix)) {
      return new ServerUrl(url, "", "");
    }
    URI u = parse(url, expected);
    if (u.getScheme() == null || !Arrays.asList(schemes).contains(u.getScheme().toLowerCase(java.util.Locale.ROOT))) {
      throw NodeConfig.badUrl(url, expected);
    }
    if (u.getHost() == null) {
      throw NodeConfig.badUrl(url, expected + ": it names no host");
    }
    StringBuilder jdbc = new StringBuilder("jdbc:").append(driverScheme).append("://").append(hostPort(u));
    jdbc.append(u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath());
    if (u.getRawQuery() != null) {
      jdbc.append('?').append(u.getRawQuery());
    }
    String[] credentials = credentials(u);
    return new ServerUrl(jdbc.toString(), credentials[0], credentials[1]);
  }

  /**
   * A Redis URI ({@code redis://} or {@code rediss://} for TLS), with {@code user} and {@code
   * password} from the settings put into it when it has none of its own.
   */
  static String redis(String url, String user, String password) {
    String expected = "a Redis URL (redis://[user:password@]host:port[/db] or rediss:// for TLS)";
    if (url.isEmpty()) {
      url = "redis://127.0.0.1:6379";
    }
    URI u = parse(url, expected);
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw NodeConfig.badUrl(url, expected);
    }
    if (u.getHost() == null) {
      throw NodeConfig.badUrl(url, expected + ": it names no host");
    }
    if (u.getRawUserInfo() != null || (user.isEmpty() && password.isEmpty())) {
      return url;
    }
    String info = (user.isEmpty() ? "" : encode(user)) + ":" + encode(password);
    return scheme + "://" + info + "@" + hostPort(u)
        + (u.getRawPath() == null ? "" : u.getRawPath())
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }

  /** The URL without user information or query, which may carry credentials: fit for logs. */
  public static String redact(String url) {
    String s = url;
    int q = s.indexOf('?');
    if (q >= 0) {
      s = s.substring(0, q);
    }
    int at = s.lastIndexOf('@');
    int scheme = s.indexOf("://");
    if (at >= 0 && scheme >= 0 && at > scheme) {
      s = s.substring(0, scheme + 3) + "***@" + s.substring(at + 1);
    }
    return s;
  }

  private static URI parse(String url, String expected) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw NodeConfig.badUrl(url, expected + " (" + e.getReason() + " at index " + e.getIndex() + ")");
    }
  }

  private static String hostPort(URI u) {
    String host = u.getHost().contains(":") && !u.getHost().startsWith("[") ? "[" + u.getHost() + "]" : u.getHost();
    return u.getPort() < 0 ? host : host + ":" + u.getPort();
  }

  private static String[] credentials(URI u) {
    String info = u.getRawUserInfo();
    if (info == null) {
      return new String[] {"", ""};
    }
    int colon = info.indexOf(':');
    return colon < 0
        ? new String[] {decode(info), ""}
        : new String[] {decode(info.substring(0, colon)), decode(info.substring(colon + 1))};
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return "ServerUrl[" + redact(url) + ", user=" + user + "]";
  }
}
