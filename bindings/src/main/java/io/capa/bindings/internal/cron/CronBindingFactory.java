package io.capa.bindings.internal.cron;

import io.capa.bindings.spi.InputSettings;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Set;

/** INTERNAL API. Creates {@code bindings.cron} components (input only). */
public final class CronBindingFactory implements ComponentFactory {

  @Override
  public Set<String> types() {
    return Set.of("bindings.cron");
  }

  @Override
  public Component create(ComponentConfig config, ComponentContext context) {
    CronSchedule cron = CronSchedule.parse(config);
    String zoneName = config.string("timeZone", "UTC");
    ZoneId zone;
    try {
      zone = ZoneId.of(zoneName);
    } catch (DateTimeException e) {
      throw config.invalid("timeZone", "'" + zoneName + "' is not a time zone (for instance UTC, Europe/Berlin)");
    }
    return new CronInputBinding(config.required("schedule"), cron, zone, InputSettings.from(config), context.scheduler());
  }
}
