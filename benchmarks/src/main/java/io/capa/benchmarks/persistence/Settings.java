package io.capa.benchmarks.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** The ActorSystem settings both persistence benchmarks use. */
final class Settings {
  private Settings() {}

  /**
   * A local ActorSystem with the backend's plugins, {@code extra} on top. Pekko logs through
   * SLF4J (to standard error), so standard output holds only the tables.
   */
  static Config system(Config extra, Store store) {
    return extra
        .withFallback(store.pluginConfig())
        .withFallback(
            ConfigFactory.parseString(
                """
                pekko.actor.provider = local
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                pekko.loglevel = WARNING
                pekko.stdout-loglevel = OFF
                """))
        .withFallback(ConfigFactory.load())
        .resolve();
  }
}
