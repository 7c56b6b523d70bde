package io.capa.sdk.internal;

import io.capa.api.configuration.ConfigurationItem;
import io.capa.api.configuration.ConfigurationRequest;
import io.capa.api.configuration.ConfigurationService;
import io.capa.api.configuration.ConfigurationUpdate;
import io.capa.sidecar.protocol.internal.ConfigurationConvert;
import io.capa.sidecar.protocol.internal.Convert;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** INTERNAL API: configuration over {@code Runtime.getConfiguration} and friends; watches are {@link RpcConfigurationWatch}es. */
final class RpcConfigurationService implements ConfigurationService {
  private final RuntimeLink link;

  RpcConfigurationService(RuntimeLink link) {
    this.link = link;
  }

  @Override
  public CompletionStage<Map<String, ConfigurationItem>> get(ConfigurationRequest request) {
    Objects.requireNonNull(request, "request");
    return link.call("get configuration from " + request.store(), link.settings().callTimeout(),
        rt -> {
          var p = rt.getConfiguration(b -> ConfigurationConvert.request(request, b.initRequest()));
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> ConfigurationConvert.byKey(ConfigurationConvert.items(r.getItems())));
  }

  @Override
  public Flow.Publisher<ConfigurationUpdate> subscribe(ConfigurationRequest request) {
    Objects.requireNonNull(request, "request");
    return subscriber -> {
      Objects.requireNonNull(subscriber, "subscriber");
      RpcConfigurationWatch w = new RpcConfigurationWatch(link, request, subscriber);
      subscriber.onSubscribe(w);
      w.start();
    };
  }

  @Override
  public CompletionStage<Void> save(String store, List<ConfigurationItem> items, Map<String, String> metadata) {
    List<ConfigurationItem> all = List.copyOf(items);
    Map<String, String> meta = Map.copyOf(Objects.requireNonNullElse(metadata, Map.of()));
    return link.call("save configuration in " + store, link.settings().callTimeout(),
        rt -> {
          var p = rt.saveConfiguration(b -> {
            b.setStore(store);
            ConfigurationConvert.items(all, b.initItems(all.size()));
            Convert.entries(meta, b.initMetadata(meta.size()));
          });
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> (Void) null);
  }

  @Override
  public CompletionStage<Void> delete(String store, List<String> keys, Map<String, String> metadata) {
    List<String> ks = List.copyOf(keys);
    Map<String, String> meta = Map.copyOf(Objects.requireNonNullElse(metadata, Map.of()));
    return link.call("delete configuration in " + store, link.settings().callTimeout(),
        rt -> {
          var p = rt.deleteConfiguration(b -> {
            b.setStore(store);
            b.setKeys(ks);
            Convert.entries(meta, b.initMetadata(meta.size()));
          });
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> (Void) null);
  }
}
