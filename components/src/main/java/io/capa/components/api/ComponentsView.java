package io.capa.components.api;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import java.util.List;
import java.util.Optional;

/**
 * The components one app may use: those of a {@link ComponentsFolder} whose scopes name the app, or
 * that have no scopes. The view is live: it follows the folder's reloads.
 */
public final class ComponentsView {
  private final ComponentsFolder folder;
  private final String appId;

  ComponentsView(ComponentsFolder folder, String appId) {
    this.folder = folder;
    this.appId = appId;
  }

  public String appId() {
    return appId;
  }

  /** The folder this view filters, for listeners: a view has no events of its own. */
  public ComponentsFolder folder() {
    return folder;
  }

  /** The components this app may use, in folder order. */
  public List<ComponentSpec> components() {
    return folder.components().stream().filter(c -> c.appliesTo(appId)).toList();
  }

  public Optional<ComponentSpec> find(String name) {
    return folder.find(name).filter(c -> c.appliesTo(appId));
  }

  /**
   * The component named {@code name}.
   *
   * @throws CapaException with {@link ErrorCode#COMPONENT_NOT_FOUND} when there is none, or its
   *     scopes leave this app out
   */
  public ComponentSpec require(String name) {
    Optional<ComponentSpec> found = folder.find(name);
    if (found.isPresent() && !found.get().appliesTo(appId)) {
      throw new CapaException(
          ErrorCode.COMPONENT_NOT_FOUND,
          "component '" + name + "' is not available to app '" + appId + "'; its scopes are "
              + found.get().scopes());
    }
    return found.orElseThrow(() -> folder.notFound(name));
  }
}
