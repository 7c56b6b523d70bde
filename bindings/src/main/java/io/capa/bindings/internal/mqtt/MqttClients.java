package io.capa.bindings.internal.mqtt;

import java.util.concurrent.Executor;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** INTERNAL API. Paho clients and connect options from the settings, and closing them off Paho's threads. */
final class MqttClients {
  /** Unacknowledged publishes one client keeps; above it a publish is refused as overload. */
  static final int MAX_INFLIGHT = 1024;

  private MqttClients() {}

  /** In-memory persistence: a restarted runtime relies on the broker's session, not on local files. */
  static MqttAsyncClient client(MqttSettings s, String suffix) throws MqttException {
    return new MqttAsyncClient(s.url(), s.consumerId() + suffix, new MemoryPersistence());
  }

  static MqttConnectOptions options(MqttSettings s, boolean cleanSession) {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(cleanSession);
    // Reconnection is the binding's own (with backoff, also for the first connect), not Paho's.
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout((int) Math.max(1, s.connectTimeout().toSeconds()));
    o.setKeepAliveInterval((int) s.keepAlive().toSeconds());
    o.setMaxInflight(MAX_INFLIGHT);
    if (!s.username().isEmpty()) {
      o.setUserName(s.username());
      o.setPassword(s.password().toCharArray());
    }
    return o;
  }

  /**
   * Disconnects and releases {@code client} on {@code executor}: Paho deadlocks when a client is
   * closed from one of its own callback threads.
   */
  static void closeLater(MqttAsyncClient client, Executor executor) {
    executor.execute(() -> {
      try {
        if (client.isConnected()) {
          client.disconnectForcibly(0, 1000);
        }
      } catch (MqttException e) {
        // Already gone; closing below is all that is left.
      }
      try {
        client.close(true);
      } catch (MqttException e) {
        // Nothing more can be released.
      }
    });
  }
}
