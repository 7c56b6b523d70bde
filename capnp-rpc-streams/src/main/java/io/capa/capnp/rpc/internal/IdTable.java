package io.capa.capnp.rpc.internal;

import java.util.Arrays;
import java.util.BitSet;
import java.util.function.Consumer;

/**
 * Ids chosen by this side (questions, exports, embargoes): each new entry takes the lowest
 * free id, as the protocol recommends, so ids stay small and tables dense.
 */
final class IdTable<T> {
  private final BitSet used = new BitSet();
  private Object[] slots = new Object[16];
  private int size;

  int add(T value) {
    int id = used.nextClearBit(0);
    if (id >= slots.length) {
      slots = Arrays.copyOf(slots, Math.max(slots.length * 2, id + 1));
    }
    slots[id] = value;
    used.set(id);
    size++;
    return id;
  }

  @SuppressWarnings("unchecked")
  T get(long id) {
    return id >= 0 && id < slots.length ? (T) slots[(int) id] : null;
  }

  T remove(long id) {
    T v = get(id);
    if (v != null) {
      slots[(int) id] = null;
      used.clear((int) id);
      size--;
    }
    return v;
  }

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  void forEach(Consumer<T> action) {
    for (int i = used.nextSetBit(0); i >= 0; i = used.nextSetBit(i + 1)) {
      action.accept((T) slots[i]);
    }
  }

  void clear() {
    Arrays.fill(slots, null);
    used.clear();
    size = 0;
  }
}
