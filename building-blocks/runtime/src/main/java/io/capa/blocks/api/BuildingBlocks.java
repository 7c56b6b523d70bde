package io.capa.blocks.api;

import io.capa.api.bindings.BindingService;
import io.capa.api.configuration.ConfigurationService;
import io.capa.api.database.DatabaseService;
import io.capa.api.files.FileService;
import io.capa.api.lock.LockService;
import io.capa.api.pubsub.PubSubService;
import io.capa.api.schedules.ScheduleService;
import io.capa.api.secrets.SecretService;
import io.capa.api.sequencer.SequencerService;
import io.capa.api.state.StateService;
import io.capa.api.telemetry.TelemetryService;
import io.capa.blocks.internal.ComponentsHealthCheck;
import io.capa.blocks.internal.NoComponents;
import io.capa.blocks.internal.Unsupported;
import io.capa.components.api.ComponentError;
import io.capa.components.api.ComponentRegistry;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.Components;
import io.capa.components.api.ComponentsFolder;
import io.capa.components.api.RegistrySettings;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentTypes;
import io.capa.database.api.ComponentDatabaseService;
import io.capa.files.api.ComponentFileService;
import io.capa.runtime.blocks.DatabaseHttp;
import io.capa.runtime.blocks.FilesHttp;
import io.capa.runtime.blocks.SecretsHttp;
import io.capa.runtime.spi.ComponentInfo;
import io.capa.runtime.spi.HealthCheck;
import io.capa.runtime.spi.HttpRoutes;
import io.capa.secrets.api.ComponentSecretService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The building blocks of one runtime, built from a components folder: it discovers the component
 * types on the class path ({@link ComponentTypes#discover()}), follows the folder with hot reload,
 * runs its components in a {@link ComponentRegistry}, and offers each block's service from the
 * portable API, the HTTP routes for {@code RuntimeServices.withHttpRoutes}, and a health check.
 *
 * <pre>
 *   components/*.yaml ──► ComponentsFolder ──► ComponentRegistry ──► Component*Service ──► *Http routes
 *                         (watch, reload)      (create, retry,       (one per block)
 *                                               replace, close)
 * </pre>
 *
 * A block whose module is not in this runtime answers {@code ERR_NOT_SUPPORTED} naming itself.
 * Adding a block: a field built from {@link #components()} in the constructor, and its routes in
 * {@link #httpRoutes}.
 */
public final class BuildingBlocks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BuildingBlocks.class);

  /**
   * What the building blocks run with.
   *
   * @param componentsDir the components folder; empty for a runtime without components
   * @param appId the app id the runtime serves: components' {@code scopes} are matched against it
   * @param executor where components run blocking calls and where answers are completed; never the
   *     common pool
   * @param scheduler for retries, reconnects and other timed work
   * @param dataDir where components may keep files
   * @param rescanInterval how often the folder is read again when no file-system event arrives
   */
  public record Settings(
      Optional<Path> componentsDir,
      String appId,
      Executor executor,
      ScheduledExecutorService scheduler,
      Path dataDir,
      Duration rescanInterval) {
    public Settings {
      Objects.requireNonNull(componentsDir, "componentsDir");
      Objects.requireNonNull(appId, "appId");
      Objects.requireNonNull(executor, "executor");
      Objects.requireNonNull(scheduler, "scheduler");
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(rescanInterval, "rescanInterval");
    }
  }

  private final ComponentsFolder folder; // null without a components folder
  private final ComponentRegistry registry; // null without a components folder
  private final Components components;
  private final SecretService secrets;
  private final StateService state;
  private final PubSubService pubSub;
  private final BindingService bindings;
  private final ConfigurationService configuration;
  private final LockService locks;
  private final SequencerService sequencer;
  private final FileService files;
  private final DatabaseService database;
  private final ScheduleService schedules;
  private final TelemetryService telemetry;
  private final List<HttpRoutes> httpRoutes;

  private BuildingBlocks(ComponentsFolder folder, ComponentRegistry registry, Settings settings) {
    this.folder = folder;
    this.registry = registry;
    this.components = registry != null ? registry : new NoComponents();
    Executor executor = settings.executor();
    // One line per block; a block not in this runtime answers ERR_NOT_SUPPORTED naming itself.
    this.secrets = new ComponentSecretService(components, executor);
    this.state = Unsupported.service(StateService.class, "state");
    this.pubSub = Unsupported.service(PubSubService.class, "pub/sub");
    this.bindings = Unsupported.service(BindingService.class, "bindings");
    this.configuration = Unsupported.service(ConfigurationService.class, "configuration");
    this.locks = Unsupported.service(LockService.class, "locks");
    this.sequencer = Unsupported.service(SequencerService.class, "sequencer");
    this.files = new ComponentFileService(components);
    this.database = new ComponentDatabaseService(components);
    this.schedules = Unsupported.service(ScheduleService.class, "schedules");
    this.telemetry = Unsupported.service(TelemetryService.class, "telemetry");
    this.httpRoutes = List.of(new SecretsHttp(secrets), new FilesHttp(files), new DatabaseHttp(database));
  }

  /**
   * Loads the folder, creates its components (those that fail are retried in the background) and
   * starts following the folder.
   *
   * @throws IllegalArgumentException when the folder is given but is not a folder
   */
  public static BuildingBlocks start(Settings settings) {
    if (settings.componentsDir().isEmpty()) {
      log.info("no components folder: building blocks have no components");
      return new BuildingBlocks(null, null, settings);
    }
    ComponentsFolder folder = ComponentsFolder.load(settings.componentsDir().get(), settings.rescanInterval());
    try {
      ComponentContext context =
          new ComponentContext(settings.appId(), settings.executor(), settings.scheduler(), settings.dataDir());
      ComponentRegistry registry =
          ComponentRegistry.start(
              folder.forApp(settings.appId()), ComponentTypes.discover(), context, RegistrySettings.DEFAULTS);
      folder.watch();
      log.info(
          "components from {}: {}; types known: {}",
          folder.dir(),
          registry.specs().stream().map(ComponentSpec::name).toList(),
          ComponentTypes.discover().known());
      return new BuildingBlocks(folder, registry, settings);
    } catch (RuntimeException e) {
      folder.close();
      throw e;
    }
  }

  /** The running components, for building blocks and plug-ins that look their own up. */
  public Components components() {
    return components;
  }

  public SecretService secrets() {
    return secrets;
  }

  public StateService state() {
    return state;
  }

  public PubSubService pubSub() {
    return pubSub;
  }

  public BindingService bindings() {
    return bindings;
  }

  public ConfigurationService configuration() {
    return configuration;
  }

  public LockService locks() {
    return locks;
  }

  public SequencerService sequencer() {
    return sequencer;
  }

  public FileService files() {
    return files;
  }

  public DatabaseService database() {
    return database;
  }

  public ScheduleService schedules() {
    return schedules;
  }

  public TelemetryService telemetry() {
    return telemetry;
  }

  /** The blocks' HTTP routes, for {@code RuntimeServices.withHttpRoutes}. */
  public List<HttpRoutes> httpRoutes() {
    return httpRoutes;
  }

  /**
   * {@code components}: degraded while any component is down, naming each. Meant for {@code
   * RuntimeServices.withOutboundChecks}, so a backend that is down does not make the node unhealthy.
   */
  public HealthCheck health() {
    return new ComponentsHealthCheck(components);
  }

  /** The components as {@code /v1.0/metadata} lists them, in folder order; asked on every request. */
  public List<ComponentInfo> componentInfo() {
    if (registry == null) {
      return List.of();
    }
    return registry.specs().stream().map(s -> new ComponentInfo(s.name(), s.type(), s.version())).toList();
  }

  /**
   * What is wrong in the components folder now: files that do not parse and refused duplicates,
   * each with file and line. What those files defined before keeps serving.
   */
  public List<ComponentError> errors() {
    return folder == null ? List.of() : folder.errors();
  }

  /** Stops following the folder and closes every component. */
  @Override
  public void close() {
    if (registry != null) {
      registry.close();
    }
    if (folder != null) {
      folder.close();
    }
  }
}
