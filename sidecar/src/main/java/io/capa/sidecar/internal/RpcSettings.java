package io.capa.sidecar.internal;

import com.typesafe.config.Config;
import io.capa.runtime.api.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** INTERNAL API: the RPC endpoint's settings, read once from {@code capa.rpc.*} and friends. */
public record RpcSettings(
    String host,
    int port,
    int maxConnections,
    Duration callTimeout,
    Duration appCallTimeout,
    String apiToken,
    SSLContext tls,
    String mode,
    boolean directConnection,
    List<String> sdkEndpoints,
    String appId,
    int maxUnansweredDeliveries) {

  public static RpcSettings from(Config c) {
    String token = c.getString("capa.http.api-token");
    String host = c.getString("capa.rpc.host");
    if (token.isEmpty() && !isLoopback(host)) {
      throw new IllegalStateException(
          "refusing to serve RPC on " + host + " without an API token: set sidecar.apiToken"
              + " (capa.http.api-token) or bind 127.0.0.1");
    }
    return new RpcSettings(
        host,
        c.getInt("capa.rpc.port"),
        c.getInt("capa.rpc.max-connections"),
        c.getDuration("capa.rpc.call-timeout"),
        c.getDuration("capa.invocation.app-call-timeout"),
        token,
        c.getBoolean("capa.rpc.tls.enabled") ? tls(c) : null,
        c.getString("capa.mode"),
        c.getBoolean("capa.proxyless.direct-connection"),
        c.getStringList("capa.proxyless.sdk-endpoints"),
        c.getString("capa.app-id"),
        positive(c, "capa.rpc.max-unanswered-deliveries"));
  }

  private static int positive(Config c, String path) {
    int v = c.getInt(path);
    if (v < 1) {
      throw new IllegalStateException(path + " must be at least 1, not " + v);
    }
    return v;
  }

  private static SSLContext tls(Config c) {
    String file = c.getString("capa.rpc.tls.key-store");
    if (file.isEmpty()) {
      throw new ConfigException("configuration", 0, "sidecar.tls.keyStore",
          "TLS is enabled but no key store is given", null);
    }
    char[] password = c.getString("capa.rpc.tls.key-store-password").toCharArray();
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      KeyStore ks = KeyStore.getInstance(c.getString("capa.rpc.tls.key-store-type"));
      ks.load(in, password);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("configuration", 0, "sidecar.tls.keyStore",
          "cannot load the TLS key store " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cannot resolve capa.rpc.host " + host, e);
    }
  }
}
