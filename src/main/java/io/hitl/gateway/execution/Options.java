package io.hitl.gateway.execution;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;

/** Checks of executor options in crew files; failures become messages naming the option. */
final class Options {

  private Options() {
  }

  static void requireUrl(JsonObject options, String name) {
    Object value = options.getValue(name);
    try {
      if (value instanceof String text) {
        URI uri = new URI(text);
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
          return;
        }
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IllegalArgumentException("options." + name + " must be an absolute http(s) URL");
  }

  static void requirePolicy(JsonObject options) {
    for (String name : new String[] {"timeout_ms", "retries", "backoff_ms"}) {
      Object value = options.getValue(name);
      if (value != null && !(value instanceof Integer || value instanceof Long) || value instanceof Number n && n.longValue() < 0) {
        throw new IllegalArgumentException("options." + name + " must be a whole number >= 0");
      }
    }
  }
}
