package io.capa.bindings.internal.cron;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.capa.components.spi.ComponentConfig;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * INTERNAL API. When a cron binding fires: a cron expression of 5 fields (minute first) or 6
 * (second first), a shorthand ({@code @hourly}, {@code @daily}/{@code @midnight}, {@code @weekly},
 * {@code @monthly}, {@code @yearly}/{@code @annually}), or {@code @every <duration>}.
 */
interface CronSchedule {
  Map<String, String> SHORTHANDS = Map.of(
      "@yearly", "0 0 0 1 1 ?", "@annually", "0 0 0 1 1 ?", "@monthly", "0 0 0 1 * ?",
      "@weekly", "0 0 0 ? * SUN", "@daily", "0 0 0 * * ?", "@midnight", "0 0 0 * * ?", "@hourly", "0 0 * * * ?");

  /** The first firing strictly after {@code after}. */
  ZonedDateTime next(ZonedDateTime after);

  static CronSchedule parse(ComponentConfig config) {
    String raw = config.required("schedule");
    String text = raw.trim();
    if (text.toLowerCase(Locale.ROOT).startsWith("@every")) {
      String amount = text.substring("@every".length()).trim();
      Optional<Duration> every = ComponentConfig.parseDuration(amount, ChronoUnit.SECONDS);
      if (every.isEmpty() || every.get().isZero() || every.get().isNegative()) {
        throw config.invalid("schedule", "'" + raw + "': @every needs a positive duration such as 10s or 1m30s");
      }
      Duration period = every.get();
      return after -> after.plus(period);
    }
    String expression = SHORTHANDS.getOrDefault(text.toLowerCase(Locale.ROOT), text);
    int fields = expression.split("\\s+").length;
    try {
      CronType type = fields == 5 ? CronType.UNIX : CronType.SPRING;
      if (fields != 5 && fields != 6) {
        throw new IllegalArgumentException("expected 5 or 6 fields, got " + fields);
      }
      ExecutionTime time = ExecutionTime.forCron(new CronParser(CronDefinitionBuilder.instanceDefinitionFor(type))
          .parse(expression).validate());
      return after -> time.nextExecution(after).orElseThrow(
          () -> new IllegalStateException("schedule '" + raw + "' never fires again"));
    } catch (IllegalArgumentException e) {
      throw config.invalid("schedule", "'" + raw + "' is not a cron expression, shorthand or @every: " + e.getMessage());
    }
  }
}
