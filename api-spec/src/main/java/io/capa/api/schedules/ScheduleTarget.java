package io.capa.api.schedules;

import io.capa.api.actors.ActorId;
import io.capa.api.internal.Checks;
import java.util.Objects;

/** What a scheduled job calls each time it fires, with the job's data as the argument. */
public sealed interface ScheduleTarget {
  /** A method of an application, called as by service invocation (POST of the job's data). */
  record AppMethod(String appId, String method) implements ScheduleTarget {
    public AppMethod {
      Checks.requireText(appId, "appId");
      Checks.requireText(method, "method");
    }
  }

  /** A method of a virtual actor, called as one turn (activating the actor if needed). */
  record ActorMethod(ActorId actor, String method) implements ScheduleTarget {
    public ActorMethod {
      Objects.requireNonNull(actor, "actor");
      Checks.requireText(method, "method");
    }
  }

  static ScheduleTarget app(String appId, String method) {
    return new AppMethod(appId, method);
  }

  static ScheduleTarget actor(ActorId actor, String method) {
    return new ActorMethod(actor, method);
  }
}
