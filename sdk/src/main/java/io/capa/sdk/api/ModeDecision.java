package io.capa.sdk.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The mode a {@link CapaClient} settled on when it was built, and why.
 *
 * @param mode the mode in use
 * @param reason in words: what the runtime answered, or why the runtime was not asked
 * @param offered the modes the runtime offered this application; empty when it was unreachable
 * @param preferred what the application asked for first
 * @param fallback what the application accepts otherwise, if anything
 * @param decidedAt when the decision was taken
 */
public record ModeDecision(
    Mode mode, String reason, List<Mode> offered, Mode preferred, Optional<Mode> fallback, Instant decidedAt) {
  public ModeDecision {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(reason, "reason");
    offered = List.copyOf(Objects.requireNonNull(offered, "offered"));
    Objects.requireNonNull(preferred, "preferred");
    Objects.requireNonNull(fallback, "fallback");
    Objects.requireNonNull(decidedAt, "decidedAt");
    if (fallback.isPresent() && fallback.get() == preferred) {
      throw new IllegalArgumentException("fallback must differ from the preferred mode: " + preferred);
    }
  }

  /** True when the runtime answered the negotiation (false: it was unreachable at start-up). */
  public boolean negotiated() {
    return !offered.isEmpty();
  }
}
