package io.capa.runtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteMatchTest {
  @Test
  void of_actorRoutes_extractParameters() {
    assertMatch("/v1.0/actors/T/1/method/m", Route.ACTOR_METHOD, "T", "1", "m");
    assertMatch("/v1.0/actors/T/1/state/k", Route.ACTOR_STATE_KEY, "T", "1", "k");
    assertMatch("/v1.0/actors/T/1/state", Route.ACTOR_STATE, "T", "1");
    assertMatch("/v1.0/actors/T/1/reminders/r", Route.ACTOR_REMINDER, "T", "1", "r");
    assertMatch("/v1.0/actors/T/1/reminders", Route.ACTOR_REMINDERS, "T", "1");
    assertMatch("/v1.0/actors/T/reminders", Route.TYPE_REMINDERS, "T");
    assertMatch("/v1.0/actors/T/1/timers/t", Route.ACTOR_TIMER, "T", "1", "t");
  }

  @Test
  void of_fixedRoutes() {
    assertMatch("/v1.0/healthz", Route.HEALTHZ);
    assertMatch("/v1.0/healthz/outbound", Route.HEALTHZ_OUTBOUND);
    assertMatch("/v1.0/metadata", Route.METADATA);
  }

  @Test
  void of_actorIdNamedLikeAKeyword_isStillAnId() {
    assertMatch("/v1.0/actors/T/reminders/method/m", Route.ACTOR_METHOD, "T", "reminders", "m");
    assertMatch("/v1.0/actors/T/state/state", Route.ACTOR_STATE, "T", "state");
  }

  @Test
  void of_otherPaths_areUnmatched() {
    for (String path : List.of("/", "/v1.0", "/v1.0/actors", "/v1.0/actors/T", "/v1.0/actors/T/1",
        "/v1.0/actors/T/1/method", "/v1.0/actors/T/1/method/m/extra", "/v1.0/actors/T/1/other/x",
        "/v1.0/actors/T//state", "/v1.0/actors/T/1/state/", "/v1.0/healthz/x", "/v1.0/metadata/x",
        "/v2.0/healthz", "/v1.0/actors/T/1/unknown")) {
      assertThat(RouteMatch.of(segments(path)).route()).as(path).isEqualTo(Route.UNMATCHED);
    }
  }

  private static void assertMatch(String path, Route route, String... params) {
    RouteMatch m = RouteMatch.of(segments(path));
    assertThat(m.route()).as(path).isEqualTo(route);
    assertThat(m.params()).containsExactly(params);
  }

  /** What pekko's Uri.pathSegments() yields: the segments after the leading slash. */
  private static List<String> segments(String path) {
    return Arrays.asList(path.substring(1).split("/", -1));
  }
}
