package io.capa.sidecar;

import static io.capa.sidecar.TestNode.await;
import static io.capa.sidecar.TestNode.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.capa.sidecar.api.SidecarEndpoint;
import io.capa.sidecar.protocol.RuntimeProtocol.Metadata;
import io.capa.sidecar.protocol.RuntimeProtocol.Mode;
import io.capa.sidecar.protocol.RuntimeProtocol.Offer;
import io.capa.sidecar.protocol.RuntimeProtocol.Registration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** negotiate, metadata, ping and shutdown over RPC. */
class RuntimeInfoTest {
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.shared();
  }

  @AfterAll
  static void stop() {
    node.release();
  }

  static Offer.Reader negotiate(TestNode.Conn conn, Mode preferred, Mode fallback) throws Exception {
    return await(conn.runtime.negotiate(p -> {
      p.setPreferred(preferred);
      p.setFallback(fallback);
      p.setHasFallback(true);
      p.setAppId("negotiating-app");
      p.setSdkVersion("test");
    }).response()).getOffer();
  }

  @Test
  void negotiate_sidecarRuntime_offersSidecarOnlyAndTakesTheFallback() throws Exception {
    TestNode.Conn conn = node.connect(node.endpoint(Map.of()));

    Offer.Reader offer = negotiate(conn, Mode.SDK, Mode.SIDECAR);

    assertThat(offer.getMode()).isEqualTo(Mode.SIDECAR);
    assertThat(offer.getOffered()).containsExactly(Mode.SIDECAR);
    assertThat(offer.getRuntimeMode()).isEqualTo("sidecar");
    assertThat(offer.getDirectConnection()).isFalse();
    assertThat(offer.getSdkEndpoints()).isEmpty();
    assertThat(offer.getReason()).contains("using fallback SIDECAR");
    assertThat(offer.getRuntimeVersion()).isNotEmpty();
  }

  @Test
  void negotiate_proxylessRuntimeWithDirectConnection_offersSdkWithItsEndpoints() throws Exception {
    SidecarEndpoint endpoint = node.endpoint(Map.of("capa.mode", "proxyless", "capa.proxyless.direct-connection", true,
        "capa.proxyless.sdk-endpoints", List.of("127.0.0.1:7000")));
    TestNode.Conn conn = node.connect(endpoint);

    Offer.Reader offer = negotiate(conn, Mode.SDK, Mode.SIDECAR);

    assertThat(offer.getMode()).isEqualTo(Mode.SDK);
    assertThat(offer.getOffered()).containsExactly(Mode.SDK, Mode.SIDECAR);
    assertThat(offer.getRuntimeMode()).isEqualTo("proxyless");
    assertThat(offer.getDirectConnection()).isTrue();
    assertThat(offer.getSdkEndpoints()).containsExactly("127.0.0.1:7000");
    assertThat(negotiate(conn, Mode.SIDECAR, Mode.SDK).getMode()).isEqualTo(Mode.SIDECAR);
  }

  @Test
  void metadata_listsActorTypesHostedTypesAndConnectedApps() throws Exception {
    SidecarEndpoint endpoint = node.endpoint(Map.of("capa.app-id", "meta-runtime"));
    TestNode.Conn app = node.connect(endpoint);
    var hosting = app.runtime.hostActors(p -> {
      p.setType("MetaHosted");
      p.setHost(new TestHost().toClient());
    });
    var registering = app.runtime.registerApp(p -> {
      p.setAppId("meta-app");
      p.setHandler(new TestApp("meta").toClient());
    });
    Registration.Client hostReg = hosting.getRegistration();
    Registration.Client appReg = registering.getRegistration();
    await(hosting.response());
    await(registering.response());

    Metadata.Reader m = await(app.runtime.metadata().response()).getMetadata();

    assertThat(m.getAppId()).isEqualTo("meta-runtime");
    assertThat(m.getMode()).isEqualTo("sidecar");
    assertThat(m.getRuntimeVersion()).isEqualTo(await(app.runtime.ping().response()).getVersion());
    assertThat(m.getActorTypes().stream().map(t -> t.getType()).toList()).contains(TestActors.COUNTER, "MetaHosted");
    assertThat(m.getHostedActorTypes()).containsExactly("MetaHosted");
    assertThat(m.getConnectedApps()).contains("meta-app");

    await(hostReg.close_().response());
    await(appReg.close_().response());
    Metadata.Reader after = await(app.runtime.metadata().response()).getMetadata();
    assertThat(after.getHostedActorTypes()).isEmpty();
    assertThat(after.getConnectedApps()).doesNotContain("meta-app");
    // The type stays registered (state and reminders survive its host).
    assertThat(after.getActorTypes().stream().map(t -> t.getType()).toList()).contains("MetaHosted");
    hostReg.close();
    appReg.close();
  }

  @Test
  void shutdown_runsTheShutdownHookAndAnswers() throws Exception {
    TestNode.Conn conn = node.connect(node.endpoint(Map.of()));
    int before = node.shutdownRequests.get();

    await(conn.runtime.shutdown().response());

    waitUntil("the shutdown hook ran", () -> node.shutdownRequests.get() == before + 1);
    assertThat(await(conn.runtime.ping().response()).getVersion()).isNotEmpty();
  }
}
