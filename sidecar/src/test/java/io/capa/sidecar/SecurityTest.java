package io.capa.sidecar;

import static io.capa.sidecar.TestNode.await;
import static io.capa.sidecar.TestNode.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.capa.capnp.rpc.RpcException;
import io.capa.runtime.api.ConfigException;
import io.capa.sidecar.api.SidecarEndpoint;
import io.capa.sidecar.protocol.RuntimeProtocol.Login;
import io.capa.sidecar.protocol.RuntimeProtocol.Runtime;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API token (Login before Runtime), the loopback-only rule without one, and TLS. */
class SecurityTest {
  static final String TOKEN = "s3cret-token";
  static final String STORE_PASSWORD = "store-pass";

  static TestNode node;
  @TempDir
  static Path dir;
  static Path keyStore;
  static SSLContext clientTls;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.shared();
    keyStore = dir.resolve("rpc.p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-keyalg", "EC", "-alias", "rpc", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD,
        "-keypass", STORE_PASSWORD).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, STORE_PASSWORD.toCharArray());
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("rpc", store.getCertificate("rpc"));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, tmf.getTrustManagers(), null);
  }

  @AfterAll
  static void stop() {
    node.release();
  }

  @Test
  void bootstrap_withToken_isLoginAndRuntimeMethodsAreUnimplemented() throws Exception {
    SidecarEndpoint endpoint = node.endpoint(Map.of("capa.http.api-token", TOKEN));
    TestNode.Conn conn = node.connect(endpoint);

    RpcException e = failure(conn.runtime.ping().response());

    assertThat(e.kind()).isEqualTo(RpcException.Kind.UNIMPLEMENTED);
    assertThat(failure(conn.runtime.actor(p -> {
      p.setType(TestActors.COUNTER);
      p.setId("x");
    }).response()).kind()).isEqualTo(RpcException.Kind.UNIMPLEMENTED);
  }

  @Test
  void authenticate_wrongThenRightToken_unauthorizedThenRuntimeOnTheSameConnection() throws Exception {
    SidecarEndpoint endpoint = node.endpoint(Map.of("capa.http.api-token", TOKEN));
    TestNode.Conn conn = node.connect(endpoint);
    Login.Client login = new Login.Client(conn.runtime.capability().dup());

    RpcException wrong = failure(login.authenticate(p -> p.setToken("guess")).response());
    RpcException empty = failure(login.authenticate(p -> p.setToken("")).response());
    RpcException prefix = failure(login.authenticate(p -> p.setToken(TOKEN.substring(0, 5))).response());

    assertThat(wrong.reason()).startsWith("ERR_UNAUTHORIZED").doesNotContain(TOKEN);
    assertThat(empty.reason()).startsWith("ERR_UNAUTHORIZED");
    assertThat(prefix.reason()).startsWith("ERR_UNAUTHORIZED");
    // Pipelined: the Runtime of a correct login is called before the login has answered.
    try (Runtime.Client runtime = login.authenticate(p -> p.setToken(TOKEN)).getRuntime()) {
      assertThat(await(runtime.ping().response()).getVersion()).isNotEmpty();
      var actor = runtime.actor(p -> {
        p.setType(TestActors.COUNTER);
        p.setId("authenticated");
      }).getActor();
      var added = actor.invoke(p -> {
        p.setMethod("add");
        p.setPayload(TestNode.bytes("2"));
      }).response();
      assertThat(TestNode.text(await(added).getResult())).isEqualTo("2");
    }
    login.close();
  }

  @Test
  void start_nonLoopbackHostWithoutToken_failsNamingTheApiToken() {
    Throwable t = catchThrowable(() -> await(node.startEndpoint(Map.of("capa.rpc.host", "0.0.0.0"))));

    assertThat(t).isInstanceOf(IllegalStateException.class);
    assertThat(t.getMessage()).contains("0.0.0.0").contains("API token").contains("apiToken");
  }

  @Test
  void start_nonLoopbackHostWithToken_binds() throws Exception {
    SidecarEndpoint endpoint = node.endpoint(Map.of("capa.rpc.host", "0.0.0.0", "capa.http.api-token", TOKEN));
    TestNode.Conn conn = node.connect(endpoint);
    try (Runtime.Client runtime = new Login.Client(conn.runtime.capability().dup())
        .authenticate(p -> p.setToken(TOKEN)).getRuntime()) {
      assertThat(await(runtime.ping().response()).getVersion()).isNotEmpty();
    }
  }

  static Map<String, Object> tls(String keyStorePath, String password) {
    return Map.of("capa.rpc.tls.enabled", true, "capa.rpc.tls.key-store", keyStorePath,
        "capa.rpc.tls.key-store-password", password);
  }

  @Test
  void tls_enabled_tlsClientCallsAndPlainClientIsTurnedAway() throws Exception {
    SidecarEndpoint endpoint = node.endpoint(tls(keyStore.toString(), STORE_PASSWORD));

    TestNode.Conn plain = node.connect(endpoint.port(), null);
    assertThat(failure(plain.runtime.ping().response()).kind()).isEqualTo(RpcException.Kind.DISCONNECTED);

    TestNode.Conn secure = node.connect(endpoint.port(), clientTls);
    assertThat(await(secure.runtime.ping().response()).getVersion()).isNotEmpty();
    var actor = secure.runtime.actor(p -> {
      p.setType(TestActors.COUNTER);
      p.setId("over-tls");
    }).getActor();
    assertThat(TestNode.text(await(actor.invoke(p -> {
      p.setMethod("add");
      p.setPayload(TestNode.bytes("4"));
    }).response()).getResult())).isEqualTo("4");
  }

  @Test
  void tls_keyStoreMissingOrUnreadable_failsWithConfigError() throws Exception {
    Throwable none = catchThrowable(() -> await(node.startEndpoint(tls("", ""))));
    Path absent = dir.resolve("absent.p12");
    Throwable missing = catchThrowable(() -> await(node.startEndpoint(tls(absent.toString(), STORE_PASSWORD))));
    Throwable badPassword = catchThrowable(() -> await(node.startEndpoint(tls(keyStore.toString(), "bad-pass-xyz"))));
    Path garbage = Files.write(dir.resolve("garbage.p12"), new byte[] {1, 2, 3, 4, 5});
    Throwable notAStore = catchThrowable(() -> await(node.startEndpoint(tls(garbage.toString(), STORE_PASSWORD))));

    assertThat(none).isInstanceOf(ConfigException.class).hasMessageContaining("sidecar.tls.keyStore")
        .hasMessageContaining("no key store");
    assertThat(missing).isInstanceOf(ConfigException.class).hasMessageContaining(absent.toString());
    assertThat(badPassword).isInstanceOf(ConfigException.class).hasMessageContaining("cannot load the TLS key store");
    assertThat(notAStore).isInstanceOf(ConfigException.class).hasMessageContaining(garbage.toString());
    assertThat(badPassword.getMessage()).doesNotContain("bad-pass-xyz");
  }
}
