package io.capa.actors.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.actors.api.ActorRuntime;
import io.capa.api.actors.ActorId;
import io.capa.api.actors.ReminderSpec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three nodes on loopback over one PostgreSQL schema: node1 runs in the test JVM (the oldest member,
 * so it holds the shard coordinator), node2 and node3 are child JVMs. One child is killed with
 * SIGKILL while callers hammer actors it hosts; the test checks that those actors come back on the
 * survivors with their state, never run twice at once, and keep their reminders firing.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NodeFailoverTest {
  static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final int ACTORS = 50;
  private static final Duration CALL = Duration.ofSeconds(2);

  private String schema;
  private ActorRuntime node1;
  private ChildNodes children;
  private final Map<String, Long> known = new TreeMap<>();

  @BeforeEach
  void startCluster() throws Exception {
    schema = "capa_mn_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    int[] ports = Waits.freePorts(3);
    List<Integer> seeds = List.of(ports[0], ports[1]);
    children = new ChildNodes(schema);
    long t0 = System.nanoTime();
    // Children boot while node1 forms the cluster: node1 is the first seed, so it is the oldest member.
    children.start(new NodeSpec("node2", ports[1], seeds, schema));
    children.start(new NodeSpec("node3", ports[2], seeds, schema));
    node1 = new NodeSpec("node1", ports[0], seeds, schema).builder().start();
    Waits.await("3 members up", Duration.ofSeconds(90), () -> upMembers().size() == 3);
    // New shards go to the regions the coordinator knows; wait for all three so actors spread out.
    Waits.await("3 shard regions", Duration.ofSeconds(30), () -> ShardRegions.count(node1.system(), Turn.TYPE) == 3);
    log("cluster of 3 ready after %d ms (schema %s, logs in %s)", ms(t0), schema, ChildNodes.LOG_DIR.toAbsolutePath());
  }

  @AfterEach
  void stopCluster() throws Exception {
    try {
      if (node1 != null) {
        node1.close();
      }
    } finally {
      if (children != null) {
        children.close();
      }
      try (Connection c = DriverManager.getConnection(JDBC_URL, "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  @Test
  void killNode_actorsMoveWithStateWithoutDoubleActivationAndRemindersKeepFiring() throws Exception {
    // (0) Known counts on 50 actors, and where each one lives.
    driveToKnownCounts();
    Map<String, List<String>> byNode = placement(known.keySet());
    log("placement before the kill: %s", sizes(byNode));
    String victim =
        byNode.getOrDefault("node2", List.of()).size() >= byNode.getOrDefault("node3", List.of()).size() ? "node2" : "node3";
    List<String> onVictim = byNode.getOrDefault(victim, List.of());
    assertThat(onVictim).as("actors on %s", victim).hasSizeGreaterThanOrEqualTo(8);
    List<String> elsewhere = known.keySet().stream().filter(id -> !onVictim.contains(id)).toList();

    List<String> hammered = new ArrayList<>(onVictim.subList(0, 4));
    hammered.addAll(elsewhere.subList(0, 2));
    List<String> reminded = onVictim.subList(4, 8);
    List<String> quiet = onVictim.subList(4, onVictim.size());

    // (3) Periodic reminders on victim actors, seen firing before the kill.
    for (String id : reminded) {
      node1.service().registerReminder(actor(id), ReminderSpec.of("tick", "0s", "500ms")).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    Waits.await("reminders firing before the kill", Duration.ofSeconds(20), () -> reminded.stream().allMatch(id -> readLong(id, "fired") >= 2));

    // (2) Four callers hammer the same actors across the failure.
    long killedAt;
    long downedAt;
    try (Hammer hammer = new Hammer(hammered, 4, CALL, this::next)) {
      Thread.sleep(2_000);
      // Shards are balanced (one or two actors apart), so nothing may have moved since the placement.
      assertThat(placement(onVictim).get(victim)).as("actors on %s just before the kill", victim).isEqualTo(onVictim);
      killedAt = System.nanoTime();
      children.kill(victim);
      log("killed %s (SIGKILL); %d acks so far", victim, hammer.acks().size());
      Waits.await(victim + " removed from the cluster", Duration.ofSeconds(40), () -> members() == 2);
      downedAt = System.nanoTime();
      log("%s downed and removed %d ms after the kill", victim, (downedAt - killedAt) / 1_000_000);

      // (1) Every actor that lived on the victim continues from its count, on a survivor.
      for (String id : quiet) {
        long before = known.get(id);
        long count = Waits.eventually(Duration.ofSeconds(30), () -> Long.parseLong(text(call(id, "count", CALL))));
        assertThat(count).as("count of %s after failover", id).isEqualTo(before);
        assertThat(next(id, Duration.ofSeconds(20))).as("next of %s after failover", id).isEqualTo(before + 1);
        assertThat(text(call(id, "where", CALL))).as("host of %s", id).isNotEqualTo("\"" + victim + "\"");
      }
      log("%d actors of %s continued from their counts, all checked %d ms after the kill",
          quiet.size(), victim, (System.nanoTime() - killedAt) / 1_000_000);

      Waits.await("hammered actors acknowledged after the failover", Duration.ofSeconds(30),
          () -> hammered.stream().allMatch(id -> hammer.ackedSince(id, downedAt)));
      hammer.stop();
      checkNoDoubleActivation(hammer.acks(), hammered, killedAt);
      log("hammer: %d acknowledged calls, %d failed or timed out during the failover", hammer.acks().size(), hammer.failures());
    }

    // (3) Reminders of the victim's actors fire on the survivors.
    Map<String, Long> firedAfter = new TreeMap<>();
    for (String id : reminded) {
      firedAfter.put(id, Waits.eventually(Duration.ofSeconds(10), () -> Long.parseLong(text(call(id, "fired", CALL)))));
    }
    long t0 = System.nanoTime();
    Waits.await("reminders firing after the failover", Duration.ofSeconds(20),
        () -> reminded.stream().allMatch(id -> readLong(id, "fired") >= firedAfter.get(id) + 3));
    Thread.sleep(Math.max(0, 2_000 - ms(t0)));
    Map<String, Long> firedLater = new TreeMap<>();
    for (String id : reminded) {
      firedLater.put(id, readLong(id, "fired"));
    }
    long window = ms(t0);
    log("reminders kept firing: %s -> %s within %d ms (a 500 ms period allows about %d)",
        firedAfter, firedLater, window, window / 500 + 1);
    // Periods missed while the actor was unreachable collapse into one firing: no catch-up burst.
    for (String id : reminded) {
      assertThat(firedLater.get(id) - firedAfter.get(id))
          .as("firings of %s in %d ms at a 500 ms period", id, window)
          .isLessThanOrEqualTo(window / 500 + 4);
    }
  }

  /** Acknowledged results are unique per actor, increase per caller, and never go back after the kill. */
  private void checkNoDoubleActivation(List<Hammer.Ack> acks, List<String> actors, long killedAt) throws Exception {
    for (String id : actors) {
      List<Hammer.Ack> mine = acks.stream().filter(a -> a.actor().equals(id)).toList();
      List<Long> values = mine.stream().map(Hammer.Ack::value).toList();
      assertThat(values).as("acknowledged results of %s", id).doesNotHaveDuplicates();
      Map<Integer, List<Long>> perCaller =
          mine.stream().collect(Collectors.groupingBy(Hammer.Ack::caller, Collectors.mapping(Hammer.Ack::value, Collectors.toList())));
      perCaller.forEach(
          (caller, vs) -> assertThat(vs).as("results of %s seen by caller %d", id, caller).isSorted().doesNotHaveDuplicates());
      long lastBefore = mine.stream().filter(a -> a.endNanos() < killedAt).mapToLong(Hammer.Ack::value).max().orElse(0);
      long firstAfter = mine.stream().filter(a -> a.startNanos() > killedAt).mapToLong(Hammer.Ack::value).min().orElseThrow();
      assertThat(firstAfter).as("first result of %s started after the kill", id).isGreaterThan(lastBefore);
      long count = Long.parseLong(text(call(id, "count", CALL)));
      assertThat(count).as("final count of %s", id).isGreaterThanOrEqualTo(values.stream().mapToLong(Long::longValue).max().orElse(0));
    }
  }

  private void driveToKnownCounts() throws Exception {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < ACTORS; i++) {
      String id = "a" + i;
      long n = 1 + i % 5;
      known.put(id, n);
      // Calls to one actor in sequence, actors in parallel; each result is checked against the count.
      CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
      for (long k = 1; k <= n; k++) {
        long expected = k;
        chain =
            chain
                .thenCompose(v -> node1.client().invoke(actor(id), "next", new byte[0], Duration.ofSeconds(30)))
                .thenAccept(r -> assertThat(Long.parseLong(text(r))).as("next of %s", id).isEqualTo(expected));
      }
      all.add(chain);
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
  }

  private Map<String, List<String>> placement(Iterable<String> ids) throws Exception {
    Map<String, List<String>> byNode = new TreeMap<>();
    for (String id : ids) {
      String node = text(call(id, "where", CALL)).replace("\"", "");
      byNode.computeIfAbsent(node, k -> new ArrayList<>()).add(id);
    }
    return byNode;
  }

  private long next(String id, Duration timeout) throws Exception {
    return Long.parseLong(text(call(id, "next", timeout)));
  }

  private long readLong(String id, String method) {
    try {
      return Long.parseLong(text(call(id, method, CALL)));
    } catch (Exception e) {
      return -1;
    }
  }

  private byte[] call(String id, String method, Duration timeout) throws Exception {
    return node1.client().invoke(actor(id), method, new byte[0], timeout).toCompletableFuture()
        .get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
  }

  private static ActorId actor(String id) {
    return new ActorId(Turn.TYPE, id);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private Set<Member> upMembers() {
    Set<Member> up = new java.util.HashSet<>();
    for (Member m : org.apache.pekko.cluster.Cluster.get(node1.system()).state().getMembers()) {
      if (m.status() == MemberStatus.up()) {
        up.add(m);
      }
    }
    return up;
  }

  /** All members, whatever their status: a downed node counts until it is removed. */
  private int members() {
    int n = 0;
    for (Member m : org.apache.pekko.cluster.Cluster.get(node1.system()).state().getMembers()) {
      n++;
    }
    return n;
  }

  private static Map<String, Integer> sizes(Map<String, List<String>> byNode) {
    Map<String, Integer> m = new TreeMap<>();
    byNode.forEach((k, v) -> m.put(k, v.size()));
    return m;
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static void log(String format, Object... args) {
    System.out.printf("[failover] " + format + "%n", args);
  }
}
