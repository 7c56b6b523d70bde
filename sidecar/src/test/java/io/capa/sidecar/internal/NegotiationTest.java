package io.capa.sidecar.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.sidecar.protocol.RuntimeProtocol.Mode;
import org.junit.jupiter.api.Test;

/** The offer table of {@link Negotiation} and how the application's preference meets it. */
class NegotiationTest {
  @Test
  void offered_followsTheTableOfModeAndDirectConnection() {
    assertThat(Negotiation.offered("sidecar", false)).containsExactly(Mode.SIDECAR);
    assertThat(Negotiation.offered("sidecar", true)).containsExactly(Mode.SIDECAR, Mode.SDK);
    assertThat(Negotiation.offered("proxyless", false)).containsExactly(Mode.SDK, Mode.SIDECAR);
    assertThat(Negotiation.offered("proxyless", true)).containsExactly(Mode.SDK, Mode.SIDECAR);
  }

  @Test
  void decide_preferredOffered_takesIt() {
    Negotiation.Decision d = Negotiation.decide("sidecar", true, Mode.SDK, Mode.SIDECAR, true);

    assertThat(d.mode()).isEqualTo(Mode.SDK);
    assertThat(d.offered()).containsExactly(Mode.SIDECAR, Mode.SDK);
    assertThat(d.reason()).contains("preferred mode SDK is offered").contains("directConnection=true");
  }

  @Test
  void decide_sidecarOnlyRuntimeAndSdkPreferred_takesTheFallback() {
    Negotiation.Decision d = Negotiation.decide("sidecar", false, Mode.SDK, Mode.SIDECAR, true);

    assertThat(d.mode()).isEqualTo(Mode.SIDECAR);
    assertThat(d.reason()).contains("SDK is not offered").contains("using fallback SIDECAR")
        .contains("runtime mode 'sidecar'");
  }

  @Test
  void decide_preferenceAndFallbackNotOffered_namesTheRuntimesChoiceAndWhy() {
    Negotiation.Decision noFallback = Negotiation.decide("sidecar", false, Mode.SDK, Mode.SDK, false);

    assertThat(noFallback.mode()).isEqualTo(Mode.SIDECAR);
    assertThat(noFallback.reason()).contains("neither SDK is offered").doesNotContain(" nor ")
        .contains("the runtime offers [SIDECAR]");

    // A fallback equal to the preference is not named twice.
    Negotiation.Decision sameFallback = Negotiation.decide("sidecar", false, Mode.SDK, Mode.SDK, true);
    assertThat(sameFallback.mode()).isEqualTo(Mode.SIDECAR);
    assertThat(sameFallback.reason()).contains("neither SDK is offered").doesNotContain(" nor ");
  }

  @Test
  void decide_proxylessRuntime_offersBothAndHonoursEitherPreference() {
    assertThat(Negotiation.decide("proxyless", false, Mode.SDK, Mode.SIDECAR, false).mode()).isEqualTo(Mode.SDK);
    assertThat(Negotiation.decide("proxyless", false, Mode.SIDECAR, Mode.SDK, false).mode()).isEqualTo(Mode.SIDECAR);
  }
}
