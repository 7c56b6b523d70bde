package io.capa.actors.internal;

import io.capa.actors.api.ActorMethod;
import io.capa.api.CapaException;
import io.capa.api.actors.ActorId;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** INTERNAL API: typed client proxies over the raw invocation path. */
public final class ActorProxies {
  /** Performs one typed call. */
  public interface Caller {
    CompletionStage<Object> call(ActorId actor, String method, Object argument, Type resultType);
  }

  private ActorProxies() {}

  public static <T> T create(Class<T> iface, ActorId actor, Caller caller) {
    if (!iface.isInterface()) {
      throw new IllegalArgumentException(iface.getName() + " is not an interface");
    }
    InvocationHandler h =
        (proxy, m, args) -> {
          if (m.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, m, args, actor);
          }
          if (args != null && args.length > 1) {
            throw new IllegalArgumentException("actor methods take at most one argument: " + m);
          }
          ActorMethod named = m.getAnnotation(ActorMethod.class);
          String name = named != null ? named.name() : m.getName();
          Object arg = args == null ? null : args[0];
          boolean async = CompletionStage.class.isAssignableFrom(m.getReturnType());
          Type resultType = async ? stageElement(m) : m.getGenericReturnType();
          CompletionStage<Object> stage = caller.call(actor, name, arg, resultType);
          if (async) {
            return stage;
          }
          try {
            return stage.toCompletableFuture().join();
          } catch (CompletionException e) {
            throw e.getCause() instanceof CapaException ce ? ce : e;
          }
        };
    return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, h));
  }

  private static Type stageElement(Method m) {
    Type t = m.getGenericReturnType();
    return t instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
  }

  private static Object objectMethod(Object proxy, Method m, Object[] args, ActorId actor) {
    return switch (m.getName()) {
      case "toString" -> "ActorProxy[" + actor + "]";
      case "hashCode" -> actor.hashCode();
      case "equals" -> proxy == args[0];
      default -> throw new UnsupportedOperationException(m.getName());
    };
  }
}
