package io.capa.components.spi;

/**
 * A running component: what a {@link ComponentFactory} creates from one component file. A building
 * block's SPI extends this interface (a state store, a pub/sub broker, a lock store, ...); the
 * registry tells the kinds apart by the interface an instance implements.
 *
 * <p>A component must survive its server being away: it is created even when the server is down,
 * reports {@link ComponentHealth#down} meanwhile, and reconnects on its own. Calls made while it is
 * down fail fast with a clear error instead of waiting for the server.
 */
public interface Component extends AutoCloseable {

  /** The current health; cheap, called by every health probe. */
  default ComponentHealth health() {
    return ComponentHealth.UP;
  }

  /**
   * Releases connections and threads. Called once, after a reload replaced the component or at
   * shutdown; calls already under way may still complete or fail.
   */
  @Override
  void close();
}
