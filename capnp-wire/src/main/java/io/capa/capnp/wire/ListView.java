package io.capa.capnp.wire;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A read-only {@link java.util.List} over a Cap'n Proto list, converting each element on
 * access (nothing is copied up front). Generated code returns these for list fields.
 */
public final class ListView<T> extends AbstractList<T> implements RandomAccess {
  /** Reads element {@code index} of {@code list}. */
  @FunctionalInterface
  public interface Element<T> {
    T get(ListReader list, int index);
  }

  /** Wraps element {@code index} of a list being built. */
  @FunctionalInterface
  public interface BuilderElement<T> {
    T get(ListBuilder list, int index);
  }

  private final int size;
  private final java.util.function.IntFunction<T> getter;

  private ListView(int size, java.util.function.IntFunction<T> getter) {
    this.size = size;
    this.getter = getter;
  }

  public static <T> ListView<T> of(ListReader list, Element<T> element) {
    return new ListView<>(list.size(), i -> element.get(list, i));
  }

  public static <T> ListView<T> ofBuilder(ListBuilder list, BuilderElement<T> element) {
    return new ListView<>(list.size(), i -> element.get(list, i));
  }

  @Override
  public T get(int index) {
    java.util.Objects.checkIndex(index, size);
    return getter.apply(index);
  }

  @Override
  public int size() {
    return size;
  }
}
