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
import io.capa.actors.api.ActorRuntime;
import io.capa.api.invocation.InvocationService;
import io.capa.bindings.api.ComponentBindingService;
import io.capa.blocks.internal.AppSubscriptions;
import io.capa.blocks.internal.ComponentsHealthCheck;
import io.capa.blocks.internal.DeclaredSubscriptions;
import io.capa.blocks.internal.NoComponents;
import io.capa.blocks.internal.TracedServices;
import io.capa.blocks.internal.Unsupported;
import io.capa.components.api.ComponentError;
import io.capa.components.api.ComponentRegistry;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.Components;
import io.capa.components.api.ComponentsFolder;
import io.capa.components.api.RegistrySettings;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentTypes;
import io.capa.configuration.api.ComponentConfigurationService;
import io.capa.database.api.ComponentDatabaseService;
import io.capa.files.api.ComponentFileService;
import io.capa.lock.api.ComponentLockService;
import io.capa.pubsub.api.ComponentPubSubService;
import io.capa.runtime.blocks.BindingsHttp;
import io.capa.runtime.blocks.ConfigurationHttp;
import io.capa.runtime.blocks.DatabaseHttp;
import io.capa.runtime.blocks.FilesHttp;
import io.capa.runtime.blocks.LockHttp;
import io.capa.runtime.blocks.PubSubHttp;
import io.capa.runtime.blocks.SchedulesHttp;
import io.capa.runtime.blocks.SecretsHttp;
import io.capa.runtime.blocks.SequencerHttp;
import io.capa.runtime.blocks.StateHttp;
import io.capa.runtime.spi.ComponentInfo;
import io.capa.runtime.spi.HealthCheck;
import io.capa.runtime.spi.HttpRoutes;
import io.capa.runtime.spi.Tracing;
import io.capa.schedules.api.ActorScheduleService;
import io.capa.secrets.api.ComponentSecretService;
import io.capa.sequencer.api.ComponentSequencerService;
import io.capa.state.api.ComponentStateService;
import java.net.URI;
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
 * Every block is served. Three need more than components, given through {@link Settings}: the
 * schedules block runs on an {@link ActorRuntime} and reaches the application through an {@link
 * InvocationService}; the telemetry block comes built, over the runtime's exporters; pub/sub deliveries
 * to the application's HTTP routes and configuration pushes need the app's address. A block
 * without what it needs answers {@code ERR_NOT_SUPPORTED} naming itself. Adding a block: a field
 * built from {@link #components()} in the constructor, and its routes in {@link #httpRoutes}.
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
   * @param app the application's HTTP server ({@code http://127.0.0.1:3000/}), Dapr's app channel:
   *     pub/sub subscriptions it lists on {@code GET /dapr/subscribe} and configuration pushes go
   *     there; empty turns both off
   * @param actors the actor runtime schedules run on; empty: schedules answer {@code
   *     ERR_NOT_SUPPORTED}
   * @param invocation how schedules reach their targets; needed with {@code actors}
   * @param tracing where every building-block call reports a client span, parented by the trace
   *     context in its metadata; {@code Tracing.NOOP} adds nothing
   * @param telemetry the telemetry block (the telemetry module's {@code OtelTelemetryService} over
   *     the runtime's exporters); empty: it answers {@code ERR_NOT_SUPPORTED}
   */
  public record Settings(
      Optional<Path> componentsDir,
      String appId,
      Executor executor,
      ScheduledExecutorService scheduler,
      Path dataDir,
      Duration rescanInterval,
      Optional<URI> app,
      Optional<ActorRuntime> actors,
      Optional<InvocationService> invocation,
      Optional<TelemetryService> telemetry,
      Tracing tracing) {
    public Settings {
      Objects.requireNonNull(componentsDir, "componentsDir");
      Objects.requireNonNull(appId, "appId");
      Objects.requireNonNull(executor, "executor");
      Objects.requireNonNull(scheduler, "scheduler");
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(rescanInterval, "rescanInterval");
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(actors, "actors");
      Objects.requireNonNull(invocation, "invocation");
      Objects.requireNonNull(telemetry, "telemetry");
      Objects.requireNonNull(tracing, "tracing");
    }

    /** Without an app channel, actors or telemetry: what an application in SDK mode runs with. */
    public Settings(
        Optional<Path> componentsDir,
        String appId,
        Executor executor,
        ScheduledExecutorService scheduler,
        Path dataDir,
        Duration rescanInterval) {
      this(componentsDir, appId, executor, scheduler, dataDir, rescanInterval, Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Tracing.NOOP);
    }

    public Settings withApp(URI app) {
      return new Settings(componentsDir, appId, executor, scheduler, dataDir, rescanInterval, Optional.of(app), actors,
          invocation, telemetry, tracing);
    }

    /** Schedules on {@code runtime}'s reminders, firing into {@code invocation}. */
    public Settings withActors(ActorRuntime runtime, InvocationService invocation) {
      return new Settings(componentsDir, appId, executor, scheduler, dataDir, rescanInterval, app,
          Optional.of(runtime), Optional.of(invocation), telemetry, tracing);
    }

    public Settings withTelemetry(TelemetryService telemetry) {
      return new Settings(componentsDir, appId, executor, scheduler, dataDir, rescanInterval, app, actors,
          invocation, Optional.of(telemetry), tracing);
    }

    /** With a client span around every building-block call (see {@code TracedServices}). */
    public Settings withTracing(Tracing tracing) {
      return new Settings(componentsDir, appId, executor, scheduler, dataDir, rescanInterval, app, actors,
          invocation, telemetry, tracing);
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
  private final ConfigurationHttp configurationHttp;
  private final AppSubscriptions appSubscriptions; // null without an app channel

  private BuildingBlocks(ComponentsFolder folder, ComponentRegistry registry, Settings settings) {
    this.folder = folder;
    this.registry = registry;
    this.components = registry != null ? registry : new NoComponents();
    Executor executor = settings.executor();
    String appId = settings.appId();
    // One line per block; a block without what it needs answers ERR_NOT_SUPPORTED naming itself.
    Tracing tracing = settings.tracing();
    this.secrets = TracedServices.wrap(SecretService.class, new ComponentSecretService(components, executor),
        "secrets", tracing);
    this.state = TracedServices.wrap(StateService.class, new ComponentStateService(components, appId, executor),
        "state", tracing);
    this.pubSub = TracedServices.wrap(PubSubService.class,
        new ComponentPubSubService(components, appId, settings.scheduler()), "pubsub", tracing);
    this.bindings = TracedServices.wrap(BindingService.class, new ComponentBindingService(components),
        "bindings", tracing);
    this.configuration = TracedServices.wrap(ConfigurationService.class,
        new ComponentConfigurationService(components, executor), "configuration", tracing);
    this.locks = TracedServices.wrap(LockService.class, new ComponentLockService(components, executor),
        "locks", tracing);
    this.sequencer = TracedServices.wrap(SequencerService.class,
        new ComponentSequencerService(components, executor), "sequencer", tracing);
    this.files = TracedServices.wrap(FileService.class, new ComponentFileService(components), "files", tracing);
    this.database = TracedServices.wrap(DatabaseService.class, new ComponentDatabaseService(components),
        "database", tracing);
    this.schedules =
        settings.actors().isPresent() && settings.invocation().isPresent()
            ? new ActorScheduleService(settings.actors().get(), settings.invocation().get(), appId, executor)
            : Unsupported.service(ScheduleService.class, "schedules");
    this.telemetry =
        settings.telemetry().isPresent()
            ? settings.telemetry().get()
            : Unsupported.service(TelemetryService.class, "telemetry");
    this.configurationHttp = new ConfigurationHttp(configuration, settings.app(), executor);
    this.httpRoutes =
        List.of(
            new StateHttp(state),
            new PubSubHttp(pubSub),
            new BindingsHttp(bindings),
            configurationHttp,
            new LockHttp(locks),
            new SequencerHttp(sequencer),
            new SecretsHttp(secrets),
            new FilesHttp(files),
            new DatabaseHttp(database),
            new SchedulesHttp(schedules));
    this.appSubscriptions =
        settings.app()
            .map(app -> AppSubscriptions.start(app, pubSub, executor, settings.scheduler(),
                settings.componentsDir().map(d -> DeclaredSubscriptions.read(d, appId)).orElse(List.of())))
            .orElse(null);
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

  /**
   * The pub/sub subscriptions the application asked for on {@code GET /dapr/subscribe}, as {@code
   * pubsub/topic -> route}; empty until the application answered, and without an app channel.
   */
  public java.util.Map<String, String> appSubscriptions() {
    return appSubscriptions == null ? java.util.Map.of() : appSubscriptions.routes();
  }

  /**
   * Ends the deliveries to the application (subscriptions, configuration pushes), stops following
   * the folder and closes every component.
   */
  @Override
  public void close() {
    if (appSubscriptions != null) {
      appSubscriptions.close();
    }
    configurationHttp.close();
    if (registry != null) {
      registry.close();
    }
    if (folder != null) {
      folder.close();
    }
  }
}
