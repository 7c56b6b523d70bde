package io.capa.actors.cluster;

import io.capa.actors.api.ActorRuntime;
import java.util.List;

/**
 * One node of a test cluster on loopback: its name, remoting port, seed nodes and the database schema
 * all nodes share. The same settings serve the in-process node and the child processes, so every node
 * of a run is configured alike.
 */
record NodeSpec(String name, int port, List<Integer> seedPorts, String schema) {
  /** Short enough that a killed node is downed within about 10 s, long enough for a loaded 2-core box. */
  static final String HEARTBEAT_PAUSE = "3s";

  static final String STABLE_AFTER = "3s";

  NodeSpec {
    if (name == null || name.isBlank() || name.contains(" ")) {
      throw new IllegalArgumentException("node name must be a non-blank word, got '" + name + "'");
    }
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535, got " + port);
    }
    seedPorts = List.copyOf(seedPorts);
    if (schema == null || !schema.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("schema must be a plain lower-case identifier, got '" + schema + "'");
    }
  }

  List<String> args() {
    return List.of(name, Integer.toString(port), String.join(",", seedPorts.stream().map(String::valueOf).toList()), schema);
  }

  static NodeSpec fromArgs(String[] a) {
    if (a.length != 4) {
      throw new IllegalArgumentException("expected: <name> <port> <seed-port,seed-port> <schema>");
    }
    List<Integer> seeds = a[2].isEmpty() ? List.of() : java.util.Arrays.stream(a[2].split(",")).map(Integer::valueOf).toList();
    return new NodeSpec(a[0], Integer.parseInt(a[1]), seeds, a[3]);
  }

  ActorRuntime.Builder builder() {
    return ActorRuntime.builder()
        .register(Turn.type(name))
        .setting("capa.cluster.host", "127.0.0.1")
        .setting("capa.cluster.port", port)
        .setting("capa.cluster.seed-nodes", seedPorts.stream().map(p -> "127.0.0.1:" + p).toList())
        .setting("capa.cluster.sbr.strategy", "keep-majority")
        .setting("capa.cluster.sbr.stable-after", STABLE_AFTER)
        .setting("pekko.cluster.failure-detector.acceptable-heartbeat-pause", HEARTBEAT_PAUSE)
        .setting("pekko.cluster.failure-detector.heartbeat-interval", "500ms")
        .setting("capa.persistence.backend", "postgres")
        .setting("capa.persistence.url", NodeFailoverTest.JDBC_URL)
        .setting("capa.persistence.user", "postgres")
        .setting("capa.persistence.jdbc.connection.schema", schema)
        .setting("capa.actors.reminders.partitions", 8)
        // A firing sent to the killed node is lost; it is given up (and the grid resumes) after this.
        .setting("capa.actors.reminders.ack-timeout", "10s");
  }
}
