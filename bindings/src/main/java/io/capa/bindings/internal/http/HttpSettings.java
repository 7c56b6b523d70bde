package io.capa.bindings.internal.http;

import io.capa.components.spi.ComponentConfig;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** INTERNAL API. The {@code bindings.http} metadata. */
record HttpSettings(URI url, Duration responseTimeout, long maxResponseBodySize, int maxRetries, Duration retryBackoff) {

  static HttpSettings from(ComponentConfig c) {
    String raw = c.required("url");
    URI url;
    try {
      url = URI.create(raw);
    } catch (IllegalArgumentException e) {
      throw c.invalid("url", "'" + raw + "' is not a URL: " + e.getMessage());
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
      throw c.invalid("url", "'" + raw + "' is not an http:// or https:// URL with a host");
    }
    long max = c.longValue("maxResponseBodySize", 10L << 20);
    if (max < 0) {
      throw c.invalid("maxResponseBodySize", "'" + max + "' is negative");
    }
    int retries = c.integer("maxRetries", 2);
    if (retries < 0 || retries > 20) {
      throw c.invalid("maxRetries", "'" + retries + "' is not between 0 and 20");
    }
    return new HttpSettings(url,
        c.duration("responseTimeout", Duration.ofSeconds(30), ChronoUnit.MILLIS),
        max, retries,
        c.duration("retryBackoff", Duration.ofMillis(100), ChronoUnit.MILLIS));
  }
}
