package io.capa.actors.internal;

import io.capa.actors.api.Actor;
import io.capa.actors.api.ActorMethod;
import io.capa.actors.api.Codec;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * INTERNAL API: the callable methods of an actor class, resolved once per type. Callable are the
 * public methods of the (non-JDK) interfaces the class implements, so that private helpers and
 * {@link Actor}'s own hooks are never reachable by name from the network.
 *
 * <p>A type served by a turn handler has an open table: every name is accepted, since only the
 * handler knows its methods; {@link TurnRunner} never calls through such a table.
 */
final class MethodTable {
  /** One callable method; {@code handle} takes (actor, argument-or-nothing). */
  record Entry(String name, MethodHandle handle, Type parameterType, boolean async) {}

  private final Map<String, Entry> byName;
  private final String typeName;
  private final boolean open;

  MethodTable(String typeName, Class<? extends Actor> actorClass) {
    this.typeName = typeName;
    this.byName = resolve(actorClass);
    this.open = false;
  }

  private MethodTable(String typeName) {
    this.typeName = typeName;
    this.byName = Map.of();
    this.open = true;
  }

  /** The table of a type served by a turn handler: any method name is accepted. */
  static MethodTable open(String typeName) {
    return new MethodTable(typeName);
  }

  boolean isOpen() {
    return open;
  }

  Entry find(String method) {
    if (open) {
      return new Entry(method, null, byte[].class, true);
    }
    Entry e = byName.get(method);
    if (e == null) {
      throw new CapaException(
          ErrorCode.ACTOR_METHOD_NOT_FOUND,
          "actor type " + typeName + " has no method '" + method + "' (it has " + byName.keySet() + ")");
    }
    return e;
  }

  boolean has(String method) {
    return open || byName.containsKey(method);
  }

  Set<String> names() {
    return byName.keySet();
  }

  /** Decodes the argument and calls the method; returns what the method returned. */
  Object call(Entry e, Actor actor, byte[] payload, Codec codec) throws Throwable {
    if (open) {
      throw new IllegalStateException("actor type " + typeName + " is served by a turn handler, not by methods");
    }
    if (e.parameterType == null) {
      return e.handle.invoke(actor);
    }
    return e.handle.invoke(actor, codec.decode(payload, e.parameterType));
  }

  private static Map<String, Entry> resolve(Class<? extends Actor> actorClass) {
    Map<String, Entry> out = new HashMap<>();
    Map<String, Method> impls = new HashMap<>();
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    for (Class<?> iface : interfacesOf(actorClass)) {
      if (iface.getName().startsWith("java.")) {
        continue;
      }
      for (Method m : iface.getMethods()) {
        if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() > 1) {
          continue;
        }
        ActorMethod named = m.getAnnotation(ActorMethod.class);
        String name = named != null ? named.name() : m.getName();
        try {
          Method impl = actorClass.getMethod(m.getName(), m.getParameterTypes());
          MethodHandle h = lookup.unreflect(impl);
          h = h.asType(h.type().changeReturnType(Object.class).changeParameterType(0, Actor.class));
          if (m.getParameterCount() == 1) {
            h = h.asType(MethodType.methodType(Object.class, Actor.class, Object.class));
          }
          Type param = m.getParameterCount() == 1 ? m.getGenericParameterTypes()[0] : null;
          boolean async = java.util.concurrent.CompletionStage.class.isAssignableFrom(m.getReturnType());
          Method previous = impls.put(name, impl);
          out.put(name, new Entry(name, h, param, async));
          if (previous != null && !previous.equals(impl)) {
            throw new IllegalArgumentException(
                actorClass.getName() + " has two callable methods named '" + name + "'; rename one with @ActorMethod");
          }
        } catch (NoSuchMethodException | IllegalAccessException ex) {
          throw new IllegalArgumentException(
              "cannot access " + actorClass.getName() + "." + m.getName() + ": the class must be public", ex);
        }
      }
    }
    return out;
  }

  private static Set<Class<?>> interfacesOf(Class<?> c) {
    Set<Class<?>> all = new LinkedHashSet<>();
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Class<?> i : k.getInterfaces()) {
        collect(i, all);
      }
    }
    return all;
  }

  private static void collect(Class<?> i, Set<Class<?>> into) {
    if (into.add(i)) {
      for (Class<?> sup : i.getInterfaces()) {
        collect(sup, into);
      }
    }
  }
}
