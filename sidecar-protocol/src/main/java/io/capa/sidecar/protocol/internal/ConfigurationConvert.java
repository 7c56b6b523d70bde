package io.capa.sidecar.protocol.internal;

import io.capa.api.configuration.ConfigurationItem;
import io.capa.api.configuration.ConfigurationRequest;
import io.capa.api.configuration.ConfigurationUpdate;
import io.capa.sidecar.protocol.RuntimeProtocol;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** INTERNAL API: the configuration building block's values to and from runtime.capnp. */
public final class ConfigurationConvert {
  private ConfigurationConvert() {}

  public static void request(ConfigurationRequest r, RuntimeProtocol.ConfigurationRequest.Builder b) {
    b.setStore(r.store());
    b.setKeys(r.keys());
    Convert.entries(r.metadata(), b.initMetadata(r.metadata().size()));
  }

  public static ConfigurationRequest request(RuntimeProtocol.ConfigurationRequest.Reader r) {
    return new ConfigurationRequest(r.getStore(), List.copyOf(r.getKeys()), Convert.entries(r.getMetadata()));
  }

  public static void items(Collection<ConfigurationItem> items, List<RuntimeProtocol.ConfigurationItem.Builder> out) {
    int i = 0;
    for (ConfigurationItem item : items) {
      RuntimeProtocol.ConfigurationItem.Builder b = out.get(i++);
      b.setKey(item.key());
      b.setValue(item.value());
      b.setVersion(item.version().orElse(""));
      Convert.entries(item.metadata(), b.initMetadata(item.metadata().size()));
    }
  }

  public static List<ConfigurationItem> items(List<RuntimeProtocol.ConfigurationItem.Reader> in) {
    List<ConfigurationItem> out = new ArrayList<>(in.size());
    for (RuntimeProtocol.ConfigurationItem.Reader r : in) {
      out.add(new ConfigurationItem(r.getKey(), r.getValue(), StateConvert.text(r.getVersion()), Convert.entries(r.getMetadata())));
    }
    return out;
  }

  public static Map<String, ConfigurationItem> byKey(List<ConfigurationItem> items) {
    Map<String, ConfigurationItem> out = new LinkedHashMap<>();
    items.forEach(i -> out.put(i.key(), i));
    return out;
  }

  public static ConfigurationUpdate update(RuntimeProtocol.ConfigurationWatcher.UpdateParams.Reader p) {
    return new ConfigurationUpdate(p.getStore(), byKey(items(p.getChanged())), new LinkedHashSet<>(p.getRemoved()));
  }

  public static void update(ConfigurationUpdate u, RuntimeProtocol.ConfigurationWatcher.UpdateParams.Builder b) {
    b.setStore(u.store());
    items(u.changed().values(), b.initChanged(u.changed().size()));
    b.setRemoved(List.copyOf(u.removed()));
  }
}
