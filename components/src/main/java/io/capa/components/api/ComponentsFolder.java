package io.capa.components.api;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.internal.ComponentYamlParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components defined by the {@code *.yaml} / {@code *.yml} files of one folder, kept current
 * while the runtime runs.
 *
 * <p>Reload rules: a file that changed is parsed again as a whole. When it parses, its components
 * replace the ones it defined before; when it does not, listeners get the error (file and line) and
 * the components it defined before keep serving unchanged. A component name defined by two files is
 * kept where it was first seen; the later definition is refused with an error naming both files.
 * Documents of other kinds (Dapr's {@code Configuration}, {@code Subscription} ...) are skipped, as
 * are hidden files, which is where editors keep their temporary copies.
 *
 * <p>{@link #watch()} follows the folder with a {@link WatchService} on a daemon thread, and rescans
 * every {@code rescanInterval} as well, because file-system events are not delivered everywhere
 * (network and container mounts) and may overflow.
 */
public final class ComponentsFolder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ComponentsFolder.class);

  /** How often a watched folder is rescanned when no file-system event arrives. */
  public static final Duration DEFAULT_RESCAN_INTERVAL = Duration.ofSeconds(5);

  /**
   * After an event, how long the folder must stay quiet before it is read: an editor or a copy
   * writes a file in several steps, and reading between them would report a half-written file.
   */
  static final Duration SETTLE_TIME = Duration.ofMillis(100);

  private final Path dir;
  private final Duration rescanInterval;
  private final List<ComponentsListener> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();

  // Guarded by lock.
  private final Map<Path, String> contents = new HashMap<>();
  private final Map<Path, List<ComponentSpec>> defined = new HashMap<>();
  private final Map<Path, ComponentError> fileErrors = new HashMap<>();
  private Set<ComponentError> reported = Set.of();
  private Thread watcher;
  private WatchService watchService;
  private boolean closed;

  /** What readers see; replaced as a whole on every rescan. */
  private volatile Map<String, ComponentSpec> active = Map.of();

  private ComponentsFolder(Path dir, Duration rescanInterval) {
    this.dir = dir;
    this.rescanInterval = rescanInterval;
  }

  /** Loads {@code dir} with the {@linkplain #DEFAULT_RESCAN_INTERVAL default rescan interval}. */
  public static ComponentsFolder load(Path dir) {
    return load(dir, DEFAULT_RESCAN_INTERVAL);
  }

  /**
   * Loads every component file of {@code dir}. Broken files do not make this fail: their errors are
   * in {@link #errors()}. Call {@link #watch()} to follow later edits.
   *
   * @throws IllegalArgumentException when {@code dir} is not a readable folder, or the interval is
   *     not positive
   */
  public static ComponentsFolder load(Path dir, Duration rescanInterval) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(rescanInterval, "rescanInterval");
    if (rescanInterval.isNegative() || rescanInterval.isZero()) {
      throw new IllegalArgumentException("rescanInterval must be positive, got " + rescanInterval);
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("components folder " + dir + " is not a folder");
    }
    ComponentsFolder folder = new ComponentsFolder(dir, rescanInterval);
    folder.rescan();
    return folder;
  }

  public Path dir() {
    return dir;
  }

  /** Every component currently in force, file by file in name order, each file in its own order. */
  public List<ComponentSpec> components() {
    return List.copyOf(active.values());
  }

  public Optional<ComponentSpec> find(String name) {
    return Optional.ofNullable(active.get(name));
  }

  /**
   * @throws CapaException with {@link ErrorCode#COMPONENT_NOT_FOUND} when no component has that name
   */
  public ComponentSpec require(String name) {
    return find(name).orElseThrow(() -> notFound(name));
  }

  CapaException notFound(String name) {
    return new CapaException(
        ErrorCode.COMPONENT_NOT_FOUND,
        "no component named '" + name + "' in " + dir + "; known: " + List.copyOf(active.keySet()));
  }

  /** The components the app {@code appId} may use, following {@code scopes}. */
  public ComponentsView forApp(String appId) {
    if (appId == null || appId.isBlank()) {
      throw new IllegalArgumentException("appId must not be blank");
    }
    return new ComponentsView(this, appId);
  }

  /** The problems of the last rescan: broken files and refused duplicates. */
  public List<ComponentError> errors() {
    synchronized (lock) {
      return List.copyOf(reported);
    }
  }

  public void addListener(ComponentsListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeListener(ComponentsListener listener) {
    listeners.remove(listener);
  }

  /** Starts following the folder; calling it again does nothing. */
  public ComponentsFolder watch() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("components folder " + dir + " is closed");
      }
      if (watcher != null) {
        return this;
      }
      try {
        watchService = dir.getFileSystem().newWatchService();
        dir.register(
            watchService,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      } catch (IOException | UnsupportedOperationException e) {
        log.warn("cannot watch {} ({}); rescanning it every {}", dir, e.toString(), rescanInterval);
        closeWatchService();
      }
      watcher = new Thread(this::watchLoop, "capa-components-watch-" + dir.getFileName());
      watcher.setDaemon(true);
      watcher.start();
      return this;
    }
  }

  /** Stops watching. The components stay readable as they were. */
  @Override
  public void close() {
    Thread thread;
    synchronized (lock) {
      closed = true;
      thread = watcher;
      closeWatchService();
    }
    if (thread != null && thread != Thread.currentThread()) {
      thread.interrupt();
      try {
        thread.join(rescanInterval.toMillis() + SETTLE_TIME.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void closeWatchService() {
    if (watchService != null) {
      try {
        watchService.close();
      } catch (IOException e) {
        log.debug("closing the watch service of {} failed", dir, e);
      }
      watchService = null;
    }
  }

  private void watchLoop() {
    WatchService service;
    synchronized (lock) {
      service = watchService;
    }
    try {
      while (!isClosed()) {
        if (service == null) {
          Thread.sleep(rescanInterval.toMillis());
        } else if (await(service, rescanInterval)) {
          // Something moved: wait until the folder is quiet, then read it once.
          while (await(service, SETTLE_TIME)) {
            // keep draining
          }
        }
        if (!isClosed()) {
          rescan();
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // close() ends the loop this way
    } catch (RuntimeException e) {
      log.error("the watcher of components folder {} stopped", dir, e);
    }
  }

  /** Whether an event arrived within {@code timeout}; consumes it. */
  private static boolean await(WatchService service, Duration timeout) throws InterruptedException {
    WatchKey key = service.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (key == null) {
      return false;
    }
    key.pollEvents();
    key.reset();
    return true;
  }

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /**
   * Reads the folder now and applies what changed. The watcher calls this; callers that cannot rely
   * on it (or want a result at once) may too.
   */
  public void rescan() {
    synchronized (lock) {
      List<Path> files;
      try {
        files = listFiles();
      } catch (IOException | RuntimeException e) {
        // Never treat an unreadable folder as an empty one: that would stop every component.
        report(Set.of(new ComponentError(dir, 0, "", "cannot list the folder: " + e)));
        return;
      }
      for (Path file : files) {
        readFile(file);
      }
      Set<Path> present = new HashSet<>(files);
      contents.keySet().retainAll(present);
      defined.keySet().retainAll(present);
      fileErrors.keySet().retainAll(present);

      Set<ComponentError> errors = new LinkedHashSet<>();
      for (Path file : files) {
        ComponentError error = fileErrors.get(file);
        if (error != null) {
          errors.add(error);
        }
      }
      Map<String, ComponentSpec> before = active;
      Map<String, ComponentSpec> after = resolve(files, before, errors);
      active = after;
      report(errors);
      publish(diff(before, after));
    }
  }

  private List<Path> listFiles() throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(ComponentsFolder::isComponentFile)
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    }
  }

  private static boolean isComponentFile(Path file) {
    String name = file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    return !name.startsWith(".") && (lower.endsWith(".yaml") || lower.endsWith(".yml"));
  }

  private void readFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      // Deleted between listing and reading, or not UTF-8: keep what it defined before.
      contents.remove(file);
      fileErrors.put(file, new ComponentError(file, 0, "", "cannot read the file: " + e));
      return;
    }
    if (text.equals(contents.get(file))) {
      return;
    }
    contents.put(file, text);
    try {
      defined.put(file, ComponentYamlParser.parse(file, text));
      fileErrors.remove(file);
    } catch (ComponentParseException e) {
      fileErrors.put(file, e.error());
    }
  }

  /**
   * Which definition of each name is in force. A name stays with the file that defines it now;
   * a name new to the folder goes to the first file (in name order) defining it.
   */
  private Map<String, ComponentSpec> resolve(
      List<Path> files, Map<String, ComponentSpec> before, Set<ComponentError> errors) {
    Map<String, Path> owner = new HashMap<>();
    for (ComponentSpec old : before.values()) {
      List<ComponentSpec> still = defined.getOrDefault(old.source(), List.of());
      if (still.stream().anyMatch(s -> s.name().equals(old.name()))) {
        owner.put(old.name(), old.source());
      }
    }
    Map<String, ComponentSpec> chosen = new HashMap<>();
    for (Path file : files) {
      for (ComponentSpec spec : defined.getOrDefault(file, List.of())) {
        Path holder = owner.putIfAbsent(spec.name(), file);
        if (holder == null || holder.equals(file)) {
          chosen.put(spec.name(), spec);
        }
      }
    }
    Map<String, ComponentSpec> out = new LinkedHashMap<>();
    for (Path file : files) {
      for (ComponentSpec spec : defined.getOrDefault(file, List.of())) {
        ComponentSpec kept = chosen.get(spec.name());
        if (kept == spec) {
          out.put(spec.name(), spec);
        } else {
          errors.add(
              new ComponentError(
                  file,
                  spec.line(),
                  "metadata.name",
                  "component '" + spec.name() + "' is already defined in " + kept.location()
                      + "; this definition is refused"));
        }
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private static ComponentChange diff(Map<String, ComponentSpec> before, Map<String, ComponentSpec> after) {
    List<ComponentSpec> added = new ArrayList<>();
    List<ComponentSpec> changed = new ArrayList<>();
    List<ComponentSpec> removed = new ArrayList<>();
    for (ComponentSpec spec : after.values()) {
      ComponentSpec old = before.get(spec.name());
      if (old == null) {
        added.add(spec);
      } else if (!old.sameDefinition(spec)) {
        changed.add(spec);
      }
    }
    for (ComponentSpec old : before.values()) {
      if (!after.containsKey(old.name())) {
        removed.add(old);
      }
    }
    return new ComponentChange(added, changed, removed);
  }

  /** Tells listeners about errors they have not heard of yet; remembers the current ones. */
  private void report(Set<ComponentError> current) {
    Set<ComponentError> fresh = new LinkedHashSet<>(current);
    fresh.removeAll(reported);
    reported = Set.copyOf(current);
    for (ComponentError error : fresh) {
      log.warn("component file not applied, previous definitions keep serving: {}", error.message());
      for (ComponentsListener listener : listeners) {
        try {
          listener.onError(error);
        } catch (RuntimeException e) {
          log.error("components listener {} failed on an error report", listener, e);
        }
      }
    }
  }

  private void publish(ComponentChange change) {
    if (change.isEmpty()) {
      return;
    }
    log.info(
        "components in {}: added {}, changed {}, removed {}",
        dir,
        names(change.added()),
        names(change.changed()),
        names(change.removed()));
    for (ComponentsListener listener : listeners) {
      try {
        listener.onChange(change);
      } catch (RuntimeException e) {
        log.error("components listener {} failed on a change", listener, e);
      }
    }
  }

  private static List<String> names(List<ComponentSpec> specs) {
    return specs.stream().map(ComponentSpec::name).toList();
  }
}
