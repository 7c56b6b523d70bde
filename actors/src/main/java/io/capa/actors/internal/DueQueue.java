package io.capa.actors.internal;

import java.util.PriorityQueue;

/**
 * INTERNAL API: reminders ordered by due time. Entries are never removed in place: a re-armed or
 * removed reminder leaves a stale item behind, recognised by its generation and skipped when polled.
 */
final class DueQueue {
  /** {@code scheduledMillis} is the grid time the firing stands for; {@code dueMillis} when to send it. */
  record Item(long dueMillis, long scheduledMillis, String key, long generation) implements Comparable<Item> {
    @Override
    public int compareTo(Item o) {
      return Long.compare(dueMillis, o.dueMillis);
    }
  }

  private final PriorityQueue<Item> queue = new PriorityQueue<>();

  void add(long dueMillis, String key, long generation) {
    queue.add(new Item(dueMillis, dueMillis, key, generation));
  }

  void add(long dueMillis, String key, long generation, long scheduledMillis) {
    queue.add(new Item(dueMillis, scheduledMillis, key, generation));
  }

  /** The head if it is due at {@code now}, removed; otherwise null. */
  Item pollDue(long now) {
    Item head = queue.peek();
    if (head == null || head.dueMillis > now) {
      return null;
    }
    return queue.poll();
  }

  long peekDue() {
    Item head = queue.peek();
    return head == null ? Long.MAX_VALUE : head.dueMillis;
  }
}
