package io.capa.runtime.internal.http;

import java.util.Set;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;

/**
 * INTERNAL API: the routes of the HTTP API. The template is the {@code route} label of the request
 * metrics, so that label values stay few whatever paths clients send.
 */
enum Route {
  ACTOR_METHOD("/v1.0/actors/{type}/{id}/method/{method}",
      HttpMethods.POST, HttpMethods.PUT, HttpMethods.GET, HttpMethods.DELETE),
  ACTOR_STATE_KEY("/v1.0/actors/{type}/{id}/state/{key}", HttpMethods.GET),
  ACTOR_STATE("/v1.0/actors/{type}/{id}/state", HttpMethods.POST, HttpMethods.PUT),
  ACTOR_REMINDER("/v1.0/actors/{type}/{id}/reminders/{name}",
      HttpMethods.POST, HttpMethods.PUT, HttpMethods.GET, HttpMethods.DELETE),
  ACTOR_REMINDERS("/v1.0/actors/{type}/{id}/reminders", HttpMethods.GET),
  TYPE_REMINDERS("/v1.0/actors/{type}/reminders", HttpMethods.GET),
  ACTOR_TIMER("/v1.0/actors/{type}/{id}/timers/{name}", HttpMethods.POST, HttpMethods.PUT, HttpMethods.DELETE),
  HEALTHZ("/v1.0/healthz", HttpMethods.GET),
  HEALTHZ_OUTBOUND("/v1.0/healthz/outbound", HttpMethods.GET),
  METADATA("/v1.0/metadata", HttpMethods.GET),
  /** Service invocation; the method is the rest of the path and may contain slashes. */
  INVOKE("/v1.0/invoke/{appId}/method/{method}", Verbs.ANY),
  /** Dapr's alternative addressing: any other path with a {@code dapr-app-id} header. */
  INVOKE_BY_HEADER("/{method} (dapr-app-id)", Verbs.ANY),
  SHUTDOWN("/v1.0/shutdown", HttpMethods.POST),
  /** Any path that matches no route. */
  UNMATCHED("unmatched");

  /** Verb lists shared by several routes (an enum cannot refer to its own static fields). */
  private static final class Verbs {
    static final HttpMethod[] ANY = {
      HttpMethods.GET, HttpMethods.POST, HttpMethods.PUT, HttpMethods.DELETE, HttpMethods.PATCH,
      HttpMethods.HEAD, HttpMethods.OPTIONS
    };
  }

  final String template;
  private final Set<HttpMethod> methods;
  private final HttpMethod[] methodArray;

  Route(String template, HttpMethod... methods) {
    this.template = template;
    this.methods = Set.of(methods);
    this.methodArray = methods;
  }

  boolean allows(HttpMethod method) {
    return methods.contains(method);
  }

  HttpMethod[] methods() {
    return methodArray.clone();
  }

  /** Whether the route reads the request body; the others discard it. */
  boolean hasBody(HttpMethod method) {
    switch (this) {
      case ACTOR_METHOD:
      case INVOKE:
      case INVOKE_BY_HEADER:
        return true; // Dapr lets every verb carry the argument
      case ACTOR_STATE:
      case ACTOR_REMINDER:
      case ACTOR_TIMER:
        return method.equals(HttpMethods.POST) || method.equals(HttpMethods.PUT);
      default:
        return false;
    }
  }
}
