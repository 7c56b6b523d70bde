package io.capa.sdk.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingService;
import io.capa.api.lock.LockService;
import io.capa.api.pubsub.PubSubService;
import io.capa.api.secrets.SecretService;
import io.capa.api.sequencer.SequencerService;
import io.capa.api.state.StateService;
import io.capa.sdk.api.Mode;
import io.capa.sdk.spi.LocalBlocks;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;

/**
 * INTERNAL API: which implementation serves each building block. SIDECAR mode: the runtime, over
 * RPC. SDK mode with a components folder: the {@link LocalBlocks} of the provider found on the class
 * path; blocks it does not offer answer {@code ERR_NOT_SUPPORTED}. SDK mode without one: nothing
 * in process, every block answers {@code ERR_NOT_SUPPORTED} saying so.
 */
record BlockSet(
    StateService state,
    PubSubService pubSub,
    SecretService secrets,
    LockService locks,
    SequencerService sequencer,
    BindingService bindings,
    Optional<LocalBlocks> local) {

  /** {@code trace} adds the application's trace context to the metadata of the calls that carry metadata. */
  static BlockSet overRpc(RuntimeLink link, TraceInjection trace) {
    return new BlockSet(new RpcStateService(link, trace), new RpcPubSubService(link, trace),
        RpcSmallBlocks.secrets(link, trace), RpcSmallBlocks.locks(link), RpcSmallBlocks.sequencer(link, trace),
        RpcSmallBlocks.bindings(link, trace), Optional.empty());
  }

  static BlockSet forMode(
      Mode mode, RuntimeLink link, Optional<Path> components, String appId, Executor executor, TraceInjection trace) {
    if (mode == Mode.SIDECAR) {
      return overRpc(link, trace);
    }
    if (components.isEmpty()) {
      String why = "SDK mode serves the building blocks in process from a components folder, and none was given"
          + " (CapaClient.builder().components(path))";
      return unavailable(why);
    }
    LocalBlocks local = open(components.get(), appId, executor);
    String why = "the in-process provider " + local.getClass().getName() + " does not offer it";
    return new BlockSet(
        local.state().orElseGet(() -> Unavailable.service(StateService.class, "state", why)),
        local.pubSub().orElseGet(() -> Unavailable.service(PubSubService.class, "pub/sub", why)),
        local.secrets().orElseGet(() -> Unavailable.service(SecretService.class, "secrets", why)),
        local.locks().orElseGet(() -> Unavailable.service(LockService.class, "distributed lock", why)),
        local.sequencer().orElseGet(() -> Unavailable.service(SequencerService.class, "sequencer", why)),
        local.bindings().orElseGet(() -> Unavailable.service(BindingService.class, "bindings", why)),
        Optional.of(local));
  }

  static BlockSet unavailable(String why) {
    return new BlockSet(
        Unavailable.service(StateService.class, "state", why),
        Unavailable.service(PubSubService.class, "pub/sub", why),
        Unavailable.service(SecretService.class, "secrets", why),
        Unavailable.service(LockService.class, "distributed lock", why),
        Unavailable.service(SequencerService.class, "sequencer", why),
        Unavailable.service(BindingService.class, "bindings", why),
        Optional.empty());
  }

  /** The one provider on the class path; none or several is a configuration error of the application. */
  private static LocalBlocks open(Path components, String appId, Executor executor) {
    List<LocalBlocks.Provider> providers = ServiceLoader.load(LocalBlocks.Provider.class, BlockSet.class.getClassLoader())
        .stream().map(ServiceLoader.Provider::get).toList();
    if (providers.isEmpty()) {
      throw new CapaException(ErrorCode.NOT_SUPPORTED, "SDK mode with components from " + components
          + " needs an in-process provider of the building blocks (" + LocalBlocks.Provider.class.getName()
          + ") on the class path, and there is none");
    }
    if (providers.size() > 1) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, "several in-process providers of the building blocks are"
          + " on the class path: " + providers.stream().map(p -> p.getClass().getName()).toList());
    }
    return providers.get(0).open(components, appId, executor);
  }

  void close() {
    local.ifPresent(LocalBlocks::close);
  }
}
