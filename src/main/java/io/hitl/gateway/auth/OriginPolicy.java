package io.hitl.gateway.auth;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may open WebSockets. Requests without an {@code Origin} header (scripts,
 * servers) are allowed, and so is the gateway's own origin (its dashboard); any other origin must
 * be listed in {@code HITL_ALLOWED_ORIGINS} ({@code *} allows any).
 */
public final class OriginPolicy {

  private final Set<String> allowed;
  private final boolean any;

  public OriginPolicy(List<String> allowedOrigins) {
    this.any = allowedOrigins.contains("*");
    this.allowed = allowedOrigins.stream().map(OriginPolicy::normalise).collect(Collectors.toUnmodifiableSet());
  }

  /** True when the request's origin may connect. */
  public boolean allows(HttpServerRequest request) {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin == null || any) {
      return true;
    }
    String normalised = normalise(origin);
    if (allowed.contains(normalised)) {
      return true;
    }
    String host = request.getHeader(HttpHeaders.HOST);
    return host != null && hostOf(normalised).equals(host.toLowerCase(Locale.ROOT));
  }

  private static String normalise(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }

  private static String hostOf(String origin) {
    try {
      URI uri = URI.create(origin);
      return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
