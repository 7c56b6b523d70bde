package io.capa.dist.internal;

import io.capa.actors.internal.ServerUrl;
import io.capa.runtime.spi.HealthStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;

/**
 * INTERNAL API: one {@code PING} to a Redis server on a connection of its own (with {@code AUTH}
 * first when the URL carries credentials), speaking the protocol directly so that the health check
 * needs no client library and shares nothing with the plugin it checks.
 */
final class RedisPing {
  private RedisPing() {}

  static HealthStatus ping(String url, Duration timeout) {
    String where = ServerUrl.redact(url);
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      return HealthStatus.unhealthy(where + ": not a Redis URL: " + e.getReason());
    }
    int port = u.getPort() < 0 ? 6379 : u.getPort();
    boolean tls = "rediss".equalsIgnoreCase(u.getScheme());
    int millis = (int) timeout.toMillis();
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(u.getHost(), port), millis);
      plain.setSoTimeout(millis);
      Socket s = tls ? ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, u.getHost(), port, true) : plain;
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      if (u.getRawUserInfo() != null) {
        String info = u.getRawUserInfo();
        int colon = info.indexOf(':');
        String user = colon < 0 ? "" : decode(info.substring(0, colon));
        String password = decode(colon < 0 ? info : info.substring(colon + 1));
        String reply = user.isEmpty() ? command(out, in, "AUTH", password) : command(out, in, "AUTH", user, password);
        if (!reply.startsWith("+")) {
          return HealthStatus.degraded(where + ": AUTH answered " + reply);
        }
      }
      String reply = command(out, in, "PING");
      return reply.equals("+PONG") ? HealthStatus.ok() : HealthStatus.degraded(where + ": PING answered " + reply);
    } catch (IOException | RuntimeException e) {
      return HealthStatus.degraded(where + ": " + e);
    }
  }

  /** Sends one command as a RESP array and returns the first line of the answer. */
  private static String command(OutputStream out, InputStream in, String... words) throws IOException {
    StringBuilder b = new StringBuilder().append('*').append(words.length).append("\r\n");
    for (String w : words) {
      byte[] bytes = w.getBytes(StandardCharsets.UTF_8);
      b.append('$').append(bytes.length).append("\r\n").append(w).append("\r\n");
    }
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    StringBuilder line = new StringBuilder();
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) {
        throw new IOException("the server closed the connection");
      }
      if (c != '\r' && line.length() < 512) {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
