package io.capa.components.api;

import java.util.Objects;

/**
 * The value of one {@code spec.metadata} entry: either written in the file, or a reference to a
 * secret that the runtime resolves from the component's secret store before it starts the component.
 */
public sealed interface MetadataValue permits MetadataValue.Plain, MetadataValue.SecretRef {

  /** A value written in the file; numbers and booleans are kept as the text the file has. */
  record Plain(String value) implements MetadataValue {
    public Plain {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return value;
    }
  }

  /**
   * {@code secretKeyRef: {name: secretName, key: key}}. Secret stores hold either single values or
   * maps of values; {@code key} picks the entry, and when the file leaves it out it is the secret's
   * name, as in Dapr.
   */
  record SecretRef(String secretName, String key) implements MetadataValue {
    public SecretRef {
      if (secretName == null || secretName.isBlank()) {
        throw new IllegalArgumentException("secretName must not be blank");
      }
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("key must not be blank");
      }
    }

    @Override
    public String toString() {
      // Printed in logs and diffs: never anything but the reference itself.
      return "secretKeyRef(" + secretName + "/" + key + ")";
    }
  }
}
