package io.capa.blocks.internal;

import io.capa.runtime.spi.Tracing;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * INTERNAL API: a building block's service with a client span around every call that answers a
 * {@link CompletionStage}, named {@code <block>.<method>} and parented by the trace context the
 * call's metadata carries ({@code traceparent}, as the sidecar and the SDK put it there). This is
 * the component hop of a trace: application → sidecar → component.
 *
 * <p>The context is looked up in the arguments the way the portable API carries it: a {@code Map}
 * argument, a request record's {@code metadata()}, or that of the first element of a list of
 * requests. A call without one starts its own trace.
 */
public final class TracedServices {
  private TracedServices() {}

  /** {@code service} itself when tracing is off: calls pay nothing then. */
  public static <T> T wrap(Class<T> type, T service, String block, Tracing tracing) {
    if (!tracing.enabled()) {
      return service;
    }
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class
          || !CompletionStage.class.isAssignableFrom(method.getReturnType())) {
        return invoke(service, method, args);
      }
      return tracing.wrap(block + "." + method.getName(), Tracing.Kind.CLIENT, metadata(args), () -> {
        try {
          return (CompletionStage<?>) invoke(service, method, args);
        } catch (RuntimeException | Error e) {
          throw e;
        } catch (Throwable t) {
          throw new IllegalStateException(t);
        }
      });
    };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> metadata(Object[] args) {
    if (args == null) {
      return Map.of();
    }
    for (Object arg : args) {
      Object candidate = arg instanceof List<?> list && !list.isEmpty() ? list.get(0) : arg;
      if (candidate instanceof Map<?, ?> map) {
        return (Map<String, String>) map;
      }
      if (candidate != null && candidate.getClass().isRecord()) {
        for (RecordComponent c : candidate.getClass().getRecordComponents()) {
          if (c.getName().equals("metadata") && Map.class.isAssignableFrom(c.getType())) {
            try {
              return (Map<String, String>) c.getAccessor().invoke(candidate);
            } catch (ReflectiveOperationException e) {
              return Map.of();
            }
          }
        }
      }
    }
    return Map.of();
  }
}
