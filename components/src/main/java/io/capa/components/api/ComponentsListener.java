package io.capa.components.api;

/**
 * Told about what a {@link ComponentsFolder} sees. Calls come one at a time from the folder's
 * watcher thread (or the thread that calls {@link ComponentsFolder#rescan()}), in the order things
 * happened; a listener that throws is logged and does not stop the others.
 */
public interface ComponentsListener {

  /** Components were added, changed or removed. */
  void onChange(ComponentChange change);

  /**
   * A file could not be applied (or a component in it was refused). Whatever that file defined
   * before keeps serving unchanged. Each distinct error is reported once, not on every rescan.
   */
  void onError(ComponentError error);
}
