package io.capa.capnp.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.capnp.rpc.conformance.ConformanceService;
import io.capa.capnp.rpc.interop.ConformanceRpc.Conformance;
import io.capa.capnp.rpc.interop.ConformanceRpc.Counter;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RPC over Pekko's TLS stage: a certificate made for 127.0.0.1 at test time. */
class TlsTest {
  static ActorSystem system;
  static SSLContext serverTls;
  static SSLContext clientTls;
  @TempDir
  static Path dir;

  @BeforeAll
  static void certificates() throws Exception {
    system = ActorSystem.create("tls");
    Path ks = dir.resolve("server.p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-keyalg", "EC", "-alias", "rpc", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "secret",
        "-keypass", "secret").inheritIO().start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, "secret".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "secret".toCharArray());
    serverTls = SSLContext.getInstance("TLS");
    serverTls.init(kmf.getKeyManagers(), null, null);
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
    system.terminate();
  }

  static RpcServer serve() throws Exception {
    ConformanceService.Shared shared = new ConformanceService.Shared();
    return RpcTransport.serve(system, "127.0.0.1", 0,
        () -> RpcOptions.DEFAULT.withBootstrap(Capability.of(new ConformanceService(shared))),
        RpcTransport.DEFAULT_MAX_CONNECTIONS, serverTls).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void connect_overTls_callsAndPipelines() throws Exception {
    try (RpcServer server = serve()) {
      RpcConnection conn = RpcTransport.connect(system, "127.0.0.1", server.address().getPort(), RpcOptions.DEFAULT,
          clientTls).toCompletableFuture().get(10, TimeUnit.SECONDS);
      try (Conformance.Client c = new Conformance.Client(conn.bootstrap())) {
        byte[] payload = new byte[100_000];
        payload[99_999] = 42;
        var echoed = c.echo(p -> p.setPayload(payload)).response().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(echoed.getPayload().get(99_999)).isEqualTo((byte) 42);
        Conformance.NewCounterResults.Promise made = c.newCounter(p -> p.setStart(5));
        try (Counter.Client counter = made.getCounter()) {
          long v = counter.increment(p -> p.setBy(3)).response().toCompletableFuture().get(10, TimeUnit.SECONDS)
              .getValue();
          assertThat(v).isEqualTo(8);
        }
      } finally {
        conn.close();
      }
    }
  }

  @Test
  void connect_plainClientToTlsServer_failsAndServerKeepsServing() throws Exception {
    try (RpcServer server = serve()) {
      RpcConnection plain = RpcTransport.connect(system, "127.0.0.1", server.address().getPort(), RpcOptions.DEFAULT)
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      try (Conformance.Client c = new Conformance.Client(plain.bootstrap())) {
        assertThatThrownBy(() -> c.add(p -> p.setA(1)).response().toCompletableFuture().get(10, TimeUnit.SECONDS))
            .cause().isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.kind()).isEqualTo(RpcException.Kind.DISCONNECTED));
      }
      RpcConnection good = RpcTransport.connect(system, "127.0.0.1", server.address().getPort(), RpcOptions.DEFAULT,
          clientTls).toCompletableFuture().get(10, TimeUnit.SECONDS);
      try (Conformance.Client c = new Conformance.Client(good.bootstrap())) {
        long sum = c.add(p -> {
          p.setA(2);
          p.setB(3);
        }).response().toCompletableFuture().get(10, TimeUnit.SECONDS).getSum();
        assertThat(sum).isEqualTo(5);
      } finally {
        good.close();
      }
    }
  }
}
