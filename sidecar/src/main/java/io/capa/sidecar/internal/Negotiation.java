package io.capa.sidecar.internal;

import io.capa.sidecar.protocol.RuntimeProtocol.Mode;
import java.util.List;

/**
 * INTERNAL API: which mode the runtime offers an application, and which it recommends.
 *
 * <pre>
 *   runtime mode   directConnection   offered
 *   sidecar        false              [SIDECAR]
 *   sidecar        true               [SIDECAR, SDK]
 *   proxyless      any                [SDK, SIDECAR]   (actors still go through the runtime)
 * </pre>
 *
 * The application's preference wins when offered, then its fallback; otherwise the runtime names
 * its own first choice and says why, and the SDK decides whether it can live with it.
 */
public final class Negotiation {
  /** The answer: the mode, the words for logs, and everything offered. */
  public record Decision(Mode mode, String reason, List<Mode> offered) {}

  private Negotiation() {}

  public static List<Mode> offered(String runtimeMode, boolean directConnection) {
    if ("proxyless".equals(runtimeMode)) {
      return List.of(Mode.SDK, Mode.SIDECAR);
    }
    return directConnection ? List.of(Mode.SIDECAR, Mode.SDK) : List.of(Mode.SIDECAR);
  }

  public static Decision decide(
      String runtimeMode, boolean directConnection, Mode preferred, Mode fallback, boolean hasFallback) {
    List<Mode> offered = offered(runtimeMode, directConnection);
    String config = "runtime mode '" + runtimeMode + "', proxyless.directConnection=" + directConnection;
    if (offered.contains(preferred)) {
      return new Decision(preferred, "preferred mode " + name(preferred) + " is offered (" + config + ")", offered);
    }
    if (hasFallback && offered.contains(fallback)) {
      return new Decision(
          fallback,
          "preferred mode " + name(preferred) + " is not offered (" + config + "); using fallback " + name(fallback),
          offered);
    }
    Mode own = offered.get(0);
    return new Decision(
        own,
        "neither " + name(preferred) + (hasFallback && fallback != preferred ? " nor " + name(fallback) : "") + " is offered (" + config
            + "); the runtime offers " + offered.stream().map(Negotiation::name).toList(),
        offered);
  }

  static String name(Mode m) {
    return m.name();
  }
}
