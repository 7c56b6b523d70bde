package io.capa.runtime.internal.http;

import java.util.ArrayList;
import java.util.List;

/**
 * INTERNAL API: a request path matched to a {@link Route}, with its path parameters in template
 * order. Matching walks the decoded segments once, so an id containing an encoded slash stays one
 * segment.
 */
record RouteMatch(Route route, List<String> params) {
  private static final RouteMatch UNMATCHED = new RouteMatch(Route.UNMATCHED, List.of());

  String param(int i) {
    return params.get(i);
  }

  static RouteMatch of(Iterable<String> pathSegments) {
    List<String> s = new ArrayList<>(8);
    for (String segment : pathSegments) {
      s.add(segment);
    }
    // pathSegments() of "/a/b" starts with an empty segment for the leading slash on some versions.
    if (!s.isEmpty() && s.get(0).isEmpty()) {
      s.remove(0);
    }
    if (s.size() < 2 || !s.get(0).equals("v1.0")) {
      return UNMATCHED;
    }
    switch (s.get(1)) {
      case "healthz":
        if (s.size() == 2) {
          return new RouteMatch(Route.HEALTHZ, List.of());
        }
        return s.size() == 3 && s.get(2).equals("outbound")
            ? new RouteMatch(Route.HEALTHZ_OUTBOUND, List.of())
            : UNMATCHED;
      case "metadata":
        return s.size() == 2 ? new RouteMatch(Route.METADATA, List.of()) : UNMATCHED;
      case "actors":
        return actors(s);
      case "invoke":
        return invoke(s);
      case "shutdown":
        return s.size() == 2 ? new RouteMatch(Route.SHUTDOWN, List.of()) : UNMATCHED;
      default:
        return UNMATCHED;
    }
  }

  /** s = [v1.0, invoke, appId, method, m1, m2, ...]: params appId and the method path m1/m2/... */
  private static RouteMatch invoke(List<String> s) {
    if (s.size() < 5 || s.get(2).isEmpty() || !s.get(3).equals("method")) {
      return UNMATCHED;
    }
    String method = String.join("/", s.subList(4, s.size()));
    return method.isEmpty() ? UNMATCHED : new RouteMatch(Route.INVOKE, List.of(s.get(2), method));
  }

  /**
   * Dapr's header addressing: a path matching no route, sent with {@code dapr-app-id}, calls that
   * app with the whole path as the method.
   */
  static RouteMatch byAppIdHeader(String appId, Iterable<String> pathSegments) {
    List<String> s = new ArrayList<>(8);
    for (String segment : pathSegments) {
      s.add(segment);
    }
    if (!s.isEmpty() && s.get(0).isEmpty()) {
      s.remove(0);
    }
    String method = String.join("/", s);
    if (appId.isBlank() || method.isEmpty()) {
      return UNMATCHED;
    }
    return new RouteMatch(Route.INVOKE_BY_HEADER, List.of(appId, method));
  }

  /** s = [v1.0, actors, type, ...]. */
  private static RouteMatch actors(List<String> s) {
    for (int i = 2; i < s.size(); i++) {
      if (s.get(i).isEmpty()) {
        return UNMATCHED; // "//" or a trailing slash: never a valid type, id or name
      }
    }
    switch (s.size()) {
      case 4:
        return s.get(3).equals("reminders") ? match(Route.TYPE_REMINDERS, s, 2) : UNMATCHED;
      case 5:
        if (s.get(4).equals("state")) {
          return match(Route.ACTOR_STATE, s, 2, 3);
        }
        return s.get(4).equals("reminders") ? match(Route.ACTOR_REMINDERS, s, 2, 3) : UNMATCHED;
      case 6:
        switch (s.get(4)) {
          case "method":
            return match(Route.ACTOR_METHOD, s, 2, 3, 5);
          case "state":
            return match(Route.ACTOR_STATE_KEY, s, 2, 3, 5);
          case "reminders":
            return match(Route.ACTOR_REMINDER, s, 2, 3, 5);
          case "timers":
            return match(Route.ACTOR_TIMER, s, 2, 3, 5);
          default:
            return UNMATCHED;
        }
      default:
        return UNMATCHED;
    }
  }

  private static RouteMatch match(Route route, List<String> s, int... indexes) {
    String[] params = new String[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      params[i] = s.get(indexes[i]);
    }
    return new RouteMatch(route, List.of(params));
  }
}
