package io.capa.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.sdk.api.Mode;
import io.capa.sdk.api.ModeDecision;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NegotiationTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final String AT = "10.0.0.7:50001";

  /** The runtime's own rule (sidecar module): preference if offered, then fallback, else its first offer. */
  private static Mode runtimeChoice(List<Mode> offered, Mode preferred, Optional<Mode> fallback) {
    if (offered.contains(preferred)) {
      return preferred;
    }
    return fallback.filter(offered::contains).orElse(offered.get(0));
  }

  private static List<Mode> offers(String runtime) {
    return switch (runtime) {
      case "sidecar" -> List.of(Mode.SIDECAR);
      case "sidecar+direct" -> List.of(Mode.SIDECAR, Mode.SDK);
      case "proxyless" -> List.of(Mode.SDK, Mode.SIDECAR);
      default -> throw new IllegalArgumentException(runtime);
    };
  }

  /** The README's table, row by row: preference, fallback, runtime (or unreachable), outcome. */
  @ParameterizedTest(name = "{0} / {1} / {2} -> {3}")
  @CsvSource({
      "SIDECAR, -,       sidecar,        SIDECAR",
      "SIDECAR, -,       proxyless,      SIDECAR",
      "SIDECAR, -,       unreachable,    SIDECAR",
      "SIDECAR, SDK,     sidecar,        SIDECAR",
      "SIDECAR, SDK,     unreachable,    SDK",
      "SDK,     -,       sidecar,        FAIL",
      "SDK,     -,       sidecar+direct, SDK",
      "SDK,     -,       proxyless,      SDK",
      "SDK,     -,       unreachable,    SDK",
      "SDK,     SIDECAR, sidecar,        SIDECAR",
      "SDK,     SIDECAR, proxyless,      SDK",
      "SDK,     SIDECAR, unreachable,    SDK",
  })
  void decide_table_matchesReadme(Mode preferred, String fallbackText, String runtime, String expected) {
    Optional<Mode> fallback = fallbackText.equals("-") ? Optional.empty() : Optional.of(Mode.valueOf(fallbackText));
    if (runtime.equals("unreachable")) {
      ModeDecision d = Negotiation.unreachable(preferred, fallback, AT, "connection refused", NOW);
      assertThat(d.mode()).isEqualTo(Mode.valueOf(expected));
      assertThat(d.offered()).isEmpty();
      assertThat(d.negotiated()).isFalse();
      assertThat(d.reason()).contains(AT).contains("connection refused");
      return;
    }
    List<Mode> offered = offers(runtime);
    Mode chosen = runtimeChoice(offered, preferred, fallback);
    Negotiation.Offer offer = new Negotiation.Offer(chosen, "runtime says so", offered,
        runtime.startsWith("sidecar") ? "sidecar" : "proxyless", "0.1.0");
    if (expected.equals("FAIL")) {
      Throwable t = catchThrowable(() -> Negotiation.fromOffer(preferred, fallback, chosen, offer, AT, NOW));
      assertThat(t).isInstanceOf(CapaException.class);
      assertThat(((CapaException) t).errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED);
      assertThat(t.getMessage()).contains(AT).contains(offered.toString()).contains(preferred + " only");
      return;
    }
    ModeDecision d = Negotiation.fromOffer(preferred, fallback, chosen, offer, AT, NOW);
    assertThat(d.mode()).isEqualTo(Mode.valueOf(expected));
    assertThat(d.offered()).isEqualTo(offered);
    assertThat(d.preferred()).isEqualTo(preferred);
    assertThat(d.fallback()).isEqualTo(fallback);
    assertThat(d.decidedAt()).isEqualTo(NOW);
    assertThat(d.reason()).contains(AT).contains("runtime says so");
  }

  @Test
  void fromOffer_fallbackChosen_reasonSaysFallingBack() {
    Negotiation.Offer offer = new Negotiation.Offer(Mode.SIDECAR, "only sidecar here", List.of(Mode.SIDECAR),
        "sidecar", "0.1.0");

    ModeDecision d = Negotiation.fromOffer(Mode.SDK, Optional.of(Mode.SIDECAR), Mode.SIDECAR, offer, AT, NOW);

    assertThat(d.mode()).isEqualTo(Mode.SIDECAR);
    assertThat(d.reason()).contains("does not offer the preferred mode SDK").contains("falling back to SIDECAR");
  }

  @Test
  void fromOffer_modeUnknownToThisSdk_failsNotSupported() {
    Negotiation.Offer offer = new Negotiation.Offer(null, "a newer mode", List.of(), "hybrid", "9.0");

    Throwable t = catchThrowable(() -> Negotiation.fromOffer(Mode.SIDECAR, Optional.of(Mode.SDK), null, offer, AT,
        NOW));

    assertThat(t).isInstanceOf(CapaException.class).hasMessageContaining("does not know")
        .hasMessageContaining("SIDECAR or SDK");
  }

  @Test
  void unreachable_sidecarWithoutFallback_staysSidecarAndSaysCallsFailUntilConnected() {
    ModeDecision d = Negotiation.unreachable(Mode.SIDECAR, Optional.empty(), AT, "no answer within 5000 ms", NOW);

    assertThat(d.mode()).isEqualTo(Mode.SIDECAR);
    assertThat(d.reason()).contains("ERR_RUNTIME_UNAVAILABLE").contains("reconnecting")
        .contains("no answer within 5000 ms");
  }

  @Test
  void modeDecision_fallbackSameAsPreferred_isRejected() {
    Throwable t = catchThrowable(() -> new ModeDecision(Mode.SDK, "x", List.of(), Mode.SDK, Optional.of(Mode.SDK),
        NOW));

    assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fallback");
  }
}
