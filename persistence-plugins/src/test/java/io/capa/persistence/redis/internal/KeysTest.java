package io.capa.persistence.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeysTest {
  private final Keys keys = new Keys("capa", "journal");

  private String key(String id, String part) {
    return new String(keys.of(id, part), StandardCharsets.UTF_8);
  }

  @Test
  void of_plainId_wrapsItInAHashTag() {
    assertThat(key("order-1", "events")).isEqualTo("capa:journal:{order-1}:events");
    assertThat(key("order-1", "")).isEqualTo("capa:journal:{order-1}");
    assertThat(new String(keys.global("pids"), StandardCharsets.UTF_8))
        .isEqualTo("capa:journal:pids");
  }

  @Test
  void of_idWithBracesOrPercent_escapesThemSoTheTagCloses() {
    assertThat(key("a{b}c", "events")).isEqualTo("capa:journal:{a%7Bb%7Dc}:events");
    assertThat(key("50%", "highest")).isEqualTo("capa:journal:{50%25}:highest");
  }

  @Test
  void of_idsThatLookLikeEscapes_neverShareAKey() {
    List<String> ids = List.of("a{b", "a%7Bb", "a%257Bb", "a}b", "a%7Db", "{}", "%7B%7D", "",
        "a", "a}:x", "a");
    Set<String> seen = new HashSet<>();
    for (String id : new HashSet<>(ids)) {
      assertThat(seen.add(key(id, "events"))).as("key of '%s' is unique", id).isTrue();
    }
  }

  @Test
  void of_anyId_allPartsInOneClusterSlot() {
    for (String id : List.of("plain", "a{b}c", "}{", "{x}", "ünïcode-🙂", "x".repeat(500))) {
      int slot = SlotHash.getSlot(keys.of(id, "events"));
      assertThat(SlotHash.getSlot(keys.of(id, "highest"))).as(id).isEqualTo(slot);
      assertThat(SlotHash.getSlot(keys.of(id, ""))).as(id).isEqualTo(slot);
    }
  }

  @Test
  void new_prefixWithBraces_isRejectedNamingIt() {
    assertThatThrownBy(() -> new Keys("ca{pa}", "journal"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ca{pa}");
    assertThatThrownBy(() -> new Keys("capa", ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyspace");
  }
}
