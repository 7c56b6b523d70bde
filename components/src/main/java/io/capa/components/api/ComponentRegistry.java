package io.capa.components.api;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.internal.Retirement;
import io.capa.components.internal.SecretResolver;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import io.capa.components.spi.ComponentHealth;
import io.capa.components.spi.ComponentTypes;
import io.capa.components.spi.SecretStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running components of one app: creates a component for every definition of a {@link
 * ComponentsView}, keeps them in step with the folder's reloads, and answers building blocks'
 * lookups.
 *
 * <p>Life of a component:
 *
 * <ul>
 *   <li>Secret stores ({@code secretstores.*}) are created before the other components, so that
 *       every {@code secretKeyRef} can be read from the store the component's {@code
 *       auth.secretStore} names.
 *   <li>A creation that throws leaves the component failed ({@link ErrorCode#COMPONENT_FAILED} with
 *       the reason); it is tried again after 1 s, 2 s, 4 s ... up to 30 s ({@link RegistrySettings})
 *       until it succeeds or its file changes. A {@link ComponentParseException} (metadata the type
 *       rejects) is reported to listeners with file and line and not tried again: only an edit fixes
 *       it.
 *   <li>A changed definition is created anew next to the old instance; only once it exists does it
 *       replace the old one, which is closed after a grace period so calls holding it can finish.
 *       While the new definition cannot be created, the old instance keeps serving.
 *   <li>A removed definition (or one whose scopes no longer name the app) is closed the same way.
 * </ul>
 *
 * <p>Lookups read an immutable map that each change replaces as a whole: they take no lock. Changes
 * (folder events, retries) are applied one at a time.
 */
public final class ComponentRegistry implements Components, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ComponentRegistry.class);

  /**
   * One component name.
   *
   * @param wanted the definition in force in the folder
   * @param running the instance serving calls, of {@code runningSpec}; null when none exists
   * @param failure why {@code wanted} could not be created; null when {@code running} is of it
   * @param retryAt the pending retry's token; 0 when none is scheduled
   * @param delay the wait before the next retry
   */
  private record Slot(
      ComponentSpec wanted,
      Component running,
      ComponentSpec runningSpec,
      String failure,
      long retryAt,
      Duration delay) {}

  private final ComponentsView view;
  private final ComponentTypes types;
  private final ComponentContext context;
  private final RegistrySettings settings;
  private final List<ComponentsListener> listeners = new CopyOnWriteArrayList<>();
  private final ComponentsListener folderListener;
  private final Object lock = new Object();
  private final Retirement retirement;
  private long tokens; // guarded by lock
  private boolean closed; // guarded by lock
  private volatile Map<String, Slot> slots = Map.of();

  private ComponentRegistry(
      ComponentsView view, ComponentTypes types, ComponentContext context, RegistrySettings settings) {
    this.view = view;
    this.types = types;
    this.context = context;
    this.settings = settings;
    this.retirement = new Retirement(context.scheduler(), context.blockingExecutor(), settings.closeGrace());
    this.folderListener =
        new ComponentsListener() {
          @Override
          public void onChange(ComponentChange change) {
            reconcile();
          }

          @Override
          public void onError(ComponentError error) {
            report(error);
          }
        };
  }

  /** A registry of the components of {@code folder} that {@code context.appId()} may use. */
  public static ComponentRegistry start(ComponentsFolder folder, ComponentTypes types, ComponentContext context) {
    return start(folder.forApp(context.appId()), types, context, RegistrySettings.DEFAULTS);
  }

  /**
   * A registry of the components of {@code view}. Components are created before this returns
   * (those that fail are retried in the background); it then follows the folder's changes.
   */
  public static ComponentRegistry start(
      ComponentsView view, ComponentTypes types, ComponentContext context, RegistrySettings settings) {
    ComponentRegistry registry =
        new ComponentRegistry(
            Objects.requireNonNull(view, "view"),
            Objects.requireNonNull(types, "types"),
            Objects.requireNonNull(context, "context"),
            Objects.requireNonNull(settings, "settings"));
    view.folder().addListener(registry.folderListener);
    registry.reconcile();
    return registry;
  }

  @Override
  public <T extends Component> T require(String name, Class<T> kind, String what) {
    Slot slot = slots.get(name);
    if (slot == null) {
      ComponentSpec spec = view.require(name); // throws COMPONENT_NOT_FOUND, naming scopes
      throw new CapaException(
          ErrorCode.COMPONENT_NOT_FOUND,
          "component '" + name + "' (" + spec.type() + ") is not started yet");
    }
    if (slot.running == null) {
      throw new CapaException(
          ErrorCode.COMPONENT_FAILED,
          "component '" + name + "' (" + slot.wanted.type() + ") is not available: " + slot.failure);
    }
    if (!kind.isInstance(slot.running)) {
      throw new CapaException(
          ErrorCode.COMPONENT_NOT_FOUND,
          "component '" + name + "' is a " + slot.runningSpec.type() + ", not a " + what);
    }
    return kind.cast(slot.running);
  }

  @Override
  public List<String> names(Class<? extends Component> kind) {
    List<String> out = new ArrayList<>();
    slots.forEach((name, slot) -> {
      if (kind.isInstance(slot.running)) {
        out.add(name);
      }
    });
    return out;
  }

  @Override
  public Map<String, ComponentHealth> health() {
    Map<String, ComponentHealth> out = new LinkedHashMap<>();
    slots.forEach((name, slot) -> out.put(name, healthOf(slot)));
    return Collections.unmodifiableMap(out);
  }

  private static ComponentHealth healthOf(Slot slot) {
    if (slot.running == null) {
      return ComponentHealth.down(slot.failure);
    }
    try {
      return slot.running.health();
    } catch (RuntimeException e) {
      return ComponentHealth.down("health check failed: " + e);
    }
  }

  /** The definitions of the components serving now, in folder order (for metadata listings). */
  public List<ComponentSpec> specs() {
    return slots.values().stream().map(s -> s.running != null ? s.runningSpec : s.wanted).toList();
  }

  @Override
  public void addListener(ComponentsListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Stops following the folder and closes every component at once. */
  @Override
  public void close() {
    List<Component> toClose;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      view.folder().removeListener(folderListener);
      toClose = new ArrayList<>();
      slots.values().forEach(s -> {
        if (s.running != null) {
          toClose.add(s.running);
        }
      });
      slots = Map.of();
    }
    retirement.closeAllNow();
    toClose.forEach(Retirement::closeQuietly);
  }

  /** Brings the running components in line with the view's definitions. */
  private void reconcile() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      Map<String, Slot> before = slots;
      List<ComponentSpec> wanted = new ArrayList<>(view.components());
      // Secret stores first: the others' secretKeyRefs are read from them.
      wanted.sort((a, b) -> Boolean.compare(!isSecretStoreType(a), !isSecretStoreType(b)));
      Map<String, Slot> next = new LinkedHashMap<>();
      Changes changes = new Changes();
      for (Map.Entry<String, Slot> e : before.entrySet()) {
        if (wanted.stream().noneMatch(s -> s.name().equals(e.getKey()))) {
          Slot gone = e.getValue();
          changes.removed.add(gone.running != null ? gone.runningSpec : gone.wanted);
          retirement.retire(gone.running);
        }
      }
      for (ComponentSpec spec : wanted) {
        Slot old = before.get(spec.name());
        boolean unchanged = old != null && old.wanted.sameDefinition(spec);
        if (unchanged && old.retryAt == 0) {
          // Serving, or refused until its file is edited.
          next.put(spec.name(), new Slot(spec, old.running, old.runningSpec, old.failure, 0, old.delay));
        } else {
          // New or changed; or waiting for a retry, tried now since a store it needs may have appeared.
          next.put(spec.name(), attempt(spec, old, next, changes));
        }
      }
      publish(Collections.unmodifiableMap(orderLike(view.components(), next)), changes);
    }
  }

  private static boolean isSecretStoreType(ComponentSpec spec) {
    return spec.type().startsWith("secretstores.");
  }

  private static Map<String, Slot> orderLike(List<ComponentSpec> order, Map<String, Slot> slots) {
    Map<String, Slot> out = new LinkedHashMap<>();
    for (ComponentSpec spec : order) {
      Slot s = slots.get(spec.name());
      if (s != null) {
        out.put(spec.name(), s);
      }
    }
    return out;
  }

  /** Creates {@code spec}; on failure keeps {@code old}'s instance serving and schedules a retry. */
  private Slot attempt(ComponentSpec spec, Slot old, Map<String, Slot> visible, Changes changes) {
    Component previous = old == null ? null : old.running;
    ComponentSpec previousSpec = old == null ? null : old.runningSpec;
    try {
      Component created = create(spec, visible);
      if (previous == null) {
        changes.added.add(spec);
      } else {
        changes.changed.add(spec);
        retirement.retire(previous);
      }
      if (old != null && old.failure != null) {
        log.info("component '{}' ({}) is available now", spec.name(), spec.type());
      }
      return new Slot(spec, created, spec, null, 0, settings.firstRetry());
    } catch (ComponentParseException e) {
      boolean sameReport = old != null && old.wanted.sameDefinition(spec) && e.getMessage().equals(old.failure);
      if (!sameReport) {
        report(e.error());
      }
      return new Slot(spec, previous, previousSpec, e.getMessage(), 0, settings.firstRetry());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Slot(spec, previous, previousSpec, "creation was interrupted", 0, settings.firstRetry());
    } catch (Exception | LinkageError e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      boolean retrying = old != null && old.wanted.sameDefinition(spec) && old.failure != null;
      Duration delay = retrying ? old.delay : settings.firstRetry();
      if (!retrying || !reason.equals(old.failure)) {
        log.warn(
            "component '{}' ({}) in {} could not be created, trying again in {}: {}",
            spec.name(), spec.type(), spec.location(), delay, reason, e);
        report(new ComponentError(spec.source(), spec.line(), "", "component '" + spec.name() + "' ("
            + spec.type() + ") could not be created: " + reason));
      }
      long token = ++tokens;
      Duration after = delay.multipliedBy(2).compareTo(settings.maxRetry()) > 0 ? settings.maxRetry() : delay.multipliedBy(2);
      context.scheduler().schedule(() -> retry(spec.name(), token), delay.toMillis(), TimeUnit.MILLISECONDS);
      return new Slot(spec, previous, previousSpec, reason, token, after);
    }
  }

  /** @param visible the components created so far, where secret stores are looked up */
  private Component create(ComponentSpec spec, Map<String, Slot> visible) throws Exception {
    ComponentFactory factory = types.validate(spec);
    ComponentConfig config =
        SecretResolver.resolve(spec, name -> secretStore(visible, name), settings.secretTimeout());
    Component created = factory.create(config, context);
    if (created == null) {
      throw new IllegalStateException(factory.getClass().getName() + " returned no component");
    }
    return created;
  }

  private static Optional<SecretStore> secretStore(Map<String, Slot> visible, String name) {
    Slot slot = visible.get(name);
    return slot != null && slot.running instanceof SecretStore store ? Optional.of(store) : Optional.empty();
  }

  private void retry(String name, long token) {
    synchronized (lock) {
      Slot slot = slots.get(name);
      if (closed || slot == null || slot.retryAt != token) {
        return; // the file changed or the registry closed since this retry was scheduled
      }
      Changes changes = new Changes();
      Map<String, Slot> next = new LinkedHashMap<>(slots);
      next.put(name, attempt(slot.wanted, slot, slots, changes));
      publish(Collections.unmodifiableMap(next), changes);
    }
  }

  private void publish(Map<String, Slot> next, Changes changes) {
    slots = next;
    ComponentChange change = new ComponentChange(changes.added, changes.changed, changes.removed);
    if (change.isEmpty()) {
      return;
    }
    for (ComponentsListener listener : listeners) {
      try {
        listener.onChange(change);
      } catch (RuntimeException e) {
        log.error("components listener {} failed on a change", listener, e);
      }
    }
  }

  private void report(ComponentError error) {
    for (ComponentsListener listener : listeners) {
      try {
        listener.onError(error);
      } catch (RuntimeException e) {
        log.error("components listener {} failed on an error report", listener, e);
      }
    }
  }

  private static final class Changes {
    final List<ComponentSpec> added = new ArrayList<>();
    final List<ComponentSpec> changed = new ArrayList<>();
    final List<ComponentSpec> removed = new ArrayList<>();
  }
}
