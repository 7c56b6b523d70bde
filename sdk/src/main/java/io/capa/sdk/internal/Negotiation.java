package io.capa.sdk.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.sdk.api.Mode;
import io.capa.sdk.api.ModeDecision;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * INTERNAL API: the mode decision as a pure function of what the application accepts and what the
 * runtime answered (or that it could not be reached). The runtime chooses from its configuration;
 * the SDK only checks that the choice is one the application accepts.
 */
public final class Negotiation {
  private Negotiation() {}

  /** What the runtime answered to {@code negotiate}. */
  public record Offer(Mode mode, String reason, List<Mode> offered, String runtimeMode, String runtimeVersion) {
    public Offer {
      offered = List.copyOf(offered);
    }
  }

  /**
   * The decision for a runtime that answered. Fails with {@code ERR_NOT_SUPPORTED} when the runtime's
   * mode is neither the preferred nor the fallback one (or is a mode this SDK does not know).
   *
   * @param answeredMode null when the runtime answered with a mode this SDK's schema lacks
   */
  public static ModeDecision fromOffer(
      Mode preferred, Optional<Mode> fallback, Mode answeredMode, Offer offer, String endpoint, Instant now) {
    String accepts = accepts(preferred, fallback);
    if (answeredMode == null) {
      throw new CapaException(ErrorCode.NOT_SUPPORTED, "the runtime at " + endpoint
          + " answered with a mode this SDK does not know (offered " + offer.offered() + "); the application accepts "
          + accepts);
    }
    if (answeredMode != preferred && fallback.map(f -> f != answeredMode).orElse(true)) {
      throw new CapaException(ErrorCode.NOT_SUPPORTED, "the runtime at " + endpoint + " (mode "
          + offer.runtimeMode() + ") offers " + offer.offered() + " and chose " + answeredMode
          + " (" + offer.reason() + "), but the application accepts " + accepts);
    }
    String why = answeredMode == preferred
        ? "the runtime at " + endpoint + " agreed to the preferred mode " + preferred
        : "the runtime at " + endpoint + " does not offer the preferred mode " + preferred + "; falling back to "
            + answeredMode;
    String reason = why + " (runtime mode " + offer.runtimeMode() + ", offers " + offer.offered()
        + (offer.reason().isBlank() ? "" : ": " + offer.reason()) + ")";
    return new ModeDecision(answeredMode, reason, offer.offered(), preferred, fallback, now);
  }

  /**
   * The decision when the runtime could not be reached: SDK mode when the application accepts it,
   * otherwise SIDECAR mode, disconnected, while the client keeps trying in the background.
   */
  public static ModeDecision unreachable(
      Mode preferred, Optional<Mode> fallback, String endpoint, String why, Instant now) {
    String lost = "the runtime at " + endpoint + " was unreachable (" + why + ")";
    if (preferred == Mode.SDK) {
      return new ModeDecision(Mode.SDK, "SDK mode is preferred and " + lost
          + "; actors and service invocation wait for the runtime, reconnecting in the background",
          List.of(), preferred, fallback, now);
    }
    if (fallback.equals(Optional.of(Mode.SDK))) {
      return new ModeDecision(Mode.SDK, lost + "; falling back to SDK mode; actors and service invocation wait"
          + " for the runtime, reconnecting in the background", List.of(), preferred, fallback, now);
    }
    return new ModeDecision(Mode.SIDECAR, lost + "; SIDECAR mode without a fallback: calls fail with "
        + ErrorCode.RUNTIME_UNAVAILABLE.code() + " until the connection is up, reconnecting in the background",
        List.of(), preferred, fallback, now);
  }

  private static String accepts(Mode preferred, Optional<Mode> fallback) {
    return fallback.map(f -> preferred + " or " + f).orElse(preferred + " only");
  }
}
