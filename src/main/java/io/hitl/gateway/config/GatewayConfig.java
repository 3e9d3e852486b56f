package io.hitl.gateway.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed gateway configuration, read from {@code HITL_*} environment variables.
 *
 * <p>Every value has a default except the secrets; an invalid value stops start-up with a
 * {@link ConfigException} naming the variable. {@link #toString()} never shows secrets.
 */
public record GatewayConfig(
    String host,
    int httpPort,
    int httpInstances,
    int eventLoops,
    String transport,
    Optional<String> dbUrl,
    Path dataDir,
    int embeddedDbPort,
    int dbPoolSize,
    int dbWriteTransactions,
    List<String> apiKeys,
    List<String> allowedOrigins,
    int heartbeatSeconds,
    int webSocketPingSeconds,
    int maxBodyBytes,
    int maxWebSocketMessageBytes,
    int clientBacklogBytes,
    int catchUpBufferEvents,
    int pollMaxTimeoutSeconds,
    int dispatchIntervalMillis,
    int shutdownGraceSeconds,
    int shutdownDrainSeconds,
    Optional<Path> crewsDir,
    String defaultCrew,
    int executionLeaseSeconds,
    int executionConcurrency,
    int executionPollMillis,
    int webhookTimeoutMillis,
    String openAiBaseUrl,
    Optional<String> openAiModel,
    Optional<String> openAiApiKey,
    Optional<String> ownerEmail,
    List<ReviewerKey> reviewerKeys,
    Optional<String> jwtSecret,
    Optional<String> jwtIssuer,
    Optional<String> secretKey,
    Optional<String> publicUrl,
    int flowWebhookTimeoutSeconds,
    int webhookMaxAttempts,
    int webhookRetryBaseSeconds,
    int timerPollMillis,
    String deploymentId,
    String deploymentName,
    String organizationId,
    EmailConfig email) {

  /** Reads the configuration from the process environment. */
  public static GatewayConfig fromEnvironment() {
    return from(System.getenv());
  }

  /**
   * Reads the configuration from the given variables; only {@code HITL_*} names are looked at.
   *
   * @throws ConfigException naming the first invalid variable
   */
  public static GatewayConfig from(Map<String, String> env) {
    Reader r = new Reader(env);
    return new GatewayConfig(
        r.string("HITL_HOST", "0.0.0.0"),
        r.integer("HITL_HTTP_PORT", 8000, 0, 65535),
        r.integer("HITL_HTTP_INSTANCES", Runtime.getRuntime().availableProcessors(), 1, 256),
        // One event loop per core, not Vert.x's two: on 2 cores shared with PostgreSQL, every extra
        // loop is another thread an event hops through and waits for a CPU on (loadtest/README.md).
        r.integer("HITL_EVENT_LOOPS", Runtime.getRuntime().availableProcessors(), 1, 1024),
        NetworkTransport.require("HITL_TRANSPORT", r.string("HITL_TRANSPORT", NetworkTransport.AUTO)),
        r.optional("HITL_DB_URL").map(url -> requirePostgresUrl("HITL_DB_URL", url)),
        Path.of(r.string("HITL_DATA_DIR", "hitl-data")),
        r.integer("HITL_EMBEDDED_DB_PORT", 0, 0, 65535),
        r.integer("HITL_DB_POOL_SIZE", 16, 1, 1000),
        // One create batch in flight: the most creates per commit. Two overlapped a batch with the
        // previous commit, which cost PostgreSQL 11 points of a core more at 2,000 creates/s for no
        // measured latency gain (loadtest/README.md, 2026-12-05).
        r.integer("HITL_DB_WRITE_TRANSACTIONS", 1, 1, 1000),
        r.list("HITL_API_KEYS", GatewayConfig::requireUsableKey),
        r.list("HITL_ALLOWED_ORIGINS", Function.identity()),
        r.integer("HITL_HEARTBEAT_SECONDS", 3, 1, 3600),
        r.integer("HITL_WS_PING_SECONDS", 20, 1, 3600),
        r.integer("HITL_MAX_BODY_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
        r.integer("HITL_MAX_WS_MESSAGE_BYTES", 64 * 1024, 256, 16 * 1024 * 1024),
        r.integer("HITL_CLIENT_BACKLOG_BYTES", 1024 * 1024, 4096, 256 * 1024 * 1024),
        r.integer("HITL_CATCHUP_BUFFER_EVENTS", 10_000, 10, 10_000_000),
        r.integer("HITL_POLL_MAX_TIMEOUT_SECONDS", 30, 0, 3600),
        r.integer("HITL_DISPATCH_INTERVAL_MS", 100, 5, 60_000),
        r.integer("HITL_SHUTDOWN_GRACE_SECONDS", 10, 0, 3600),
        r.integer("HITL_SHUTDOWN_DRAIN_SECONDS", 0, 0, 3600),
        r.optional("HITL_CREWS_DIR").map(Path::of),
        r.string("HITL_DEFAULT_CREW", "demo"),
        r.integer("HITL_EXECUTION_LEASE_SECONDS", 30, 1, 3600),
        r.integer("HITL_EXECUTION_CONCURRENCY", 8, 1, 1000),
        r.integer("HITL_EXECUTION_POLL_MS", 250, 10, 60_000),
        r.integer("HITL_WEBHOOK_TIMEOUT_MS", 10_000, 100, 600_000),
        requireHttpUrl("HITL_OPENAI_BASE_URL", r.string("HITL_OPENAI_BASE_URL", "https://api.openai.com/v1")),
        r.optional("HITL_OPENAI_MODEL"),
        r.optional("HITL_OPENAI_API_KEY"),
        r.optional("HITL_OWNER_EMAIL").map(email -> requireEmail("HITL_OWNER_EMAIL", email)),
        r.list("HITL_REVIEWER_KEYS", Function.identity()).stream().map(ReviewerKey::parse).toList(),
        r.optional("HITL_JWT_SECRET").map(GatewayConfig::requireJwtSecret),
        r.optional("HITL_JWT_ISSUER"),
        r.optional("HITL_SECRET_KEY").map(GatewayConfig::requireSecretKey),
        r.optional("HITL_PUBLIC_URL").map(url -> requireHttpUrl("HITL_PUBLIC_URL", url.replaceAll("/+$", ""))),
        r.integer("HITL_FLOW_WEBHOOK_TIMEOUT_SECONDS", 30, 1, 600),
        r.integer("HITL_WEBHOOK_MAX_ATTEMPTS", 5, 1, 100),
        r.integer("HITL_WEBHOOK_RETRY_BASE_SECONDS", 2, 1, 3600),
        r.integer("HITL_TIMER_POLL_MS", 1000, 10, 60_000),
        r.string("HITL_DEPLOYMENT_ID", "hitl-gateway"),
        r.string("HITL_DEPLOYMENT_NAME", "hitl-gateway"),
        r.string("HITL_ORGANIZATION_ID", "default"),
        EmailConfig.from(env));
  }

  /**
   * A reviewer's API key from {@code HITL_REVIEWER_KEYS}, written
   * {@code email:permission[+permission]:key}.
   */
  public record ReviewerKey(String email, List<String> permissions, String key) {

    static ReviewerKey parse(String entry) {
      String[] parts = entry.split(":", 3);
      if (parts.length != 3 || parts[2].length() < 8) {
        throw new ConfigException("HITL_REVIEWER_KEYS: expected email:permission[+permission]:key (key of 8+ characters)");
      }
      List<String> permissions = Arrays.stream(parts[1].split("\\+")).map(String::trim).toList();
      for (String p : permissions) {
        if (!p.equals("manage_human_feedback") && !p.equals("respond_to_human_feedback")) {
          throw new ConfigException("HITL_REVIEWER_KEYS: unknown permission '" + p
              + "' (manage_human_feedback or respond_to_human_feedback)");
        }
      }
      return new ReviewerKey(requireEmail("HITL_REVIEWER_KEYS", parts[0].trim()), permissions, parts[2]);
    }

    @Override
    public String toString() {
      return email + ":" + String.join("+", permissions) + ":****";
    }
  }

  /** The base URL clients reach this gateway at, for links it hands out (callback URLs). */
  public String externalUrl() {
    return publicUrl.orElse("http://localhost:" + httpPort);
  }

  private static String requireEmail(String name, String email) {
    if (!email.matches("[^@\\s]+@[^@\\s]+")) {
      throw new ConfigException(name + ": '" + email + "' is not an email address");
    }
    return email;
  }

  private static String requireJwtSecret(String secret) {
    if (secret.length() < 32) {
      throw new ConfigException("HITL_JWT_SECRET: must be at least 32 characters (HS256)");
    }
    return secret;
  }

  private static String requireSecretKey(String secret) {
    if (secret.length() < 32) {
      throw new ConfigException("HITL_SECRET_KEY: must be at least 32 characters");
    }
    return secret;
  }

  private static String requirePostgresUrl(String name, String url) {
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      throw new ConfigException(name + ": expected postgresql://user:pass@host:port/db");
    }
    return url;
  }

  private static String requireHttpUrl(String name, String url) {
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new ConfigException(name + ": expected an http:// or https:// URL");
    }
    return url;
  }

  private static String requireUsableKey(String key) {
    if (key.length() < 8) {
      throw new ConfigException("HITL_API_KEYS: every key must be at least 8 characters long");
    }
    return key;
  }

  @Override
  public String toString() {
    return "GatewayConfig[host=" + host + ", httpPort=" + httpPort + ", httpInstances=" + httpInstances
        + ", eventLoops=" + eventLoops + ", transport=" + transport
        + ", db=" + dbUrl.map(GatewayConfig::maskPassword).orElse("embedded in " + dataDir)
        + ", apiKeys=" + apiKeys.size() + " configured, allowedOrigins=" + allowedOrigins
        + ", heartbeatSeconds=" + heartbeatSeconds + ", webSocketPingSeconds=" + webSocketPingSeconds
        + ", maxBodyBytes=" + maxBodyBytes
        + ", maxWebSocketMessageBytes=" + maxWebSocketMessageBytes
        + ", clientBacklogBytes=" + clientBacklogBytes + ", pollMaxTimeoutSeconds=" + pollMaxTimeoutSeconds
        + ", crewsDir=" + crewsDir.map(Path::toString).orElse("(demo crew only)") + ", defaultCrew=" + defaultCrew
        + ", executionLeaseSeconds=" + executionLeaseSeconds + ", executionConcurrency=" + executionConcurrency
        + ", openAiBaseUrl=" + openAiBaseUrl + ", openAiModel=" + openAiModel.orElse("(per agent)")
        + ", openAiApiKey=" + (openAiApiKey.isPresent() ? "****" : "(unset)")
        + ", ownerEmail=" + ownerEmail.orElse("(unset)") + ", reviewerKeys=" + reviewerKeys
        + ", jwtSecret=" + (jwtSecret.isPresent() ? "****" : "(unset)")
        + ", secretKey=" + (secretKey.isPresent() ? "****" : "(generated)") + ", publicUrl=" + externalUrl()
        + ", webhookMaxAttempts=" + webhookMaxAttempts + ", timerPollMillis=" + timerPollMillis
        + ", email=" + email
        + "]";
  }

  static String maskPassword(String url) {
    return url.replaceFirst("://([^:/@]+):[^@]*@", "://$1:****@");
  }

  /** Reads and validates single variables. */
  static final class Reader {
    private final Map<String, String> env;

    Reader(Map<String, String> env) {
      this.env = env;
    }

    Optional<String> optional(String name) {
      String value = env.get(name);
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    String string(String name, String fallback) {
      return optional(name).orElse(fallback);
    }

    int integer(String name, int fallback, int min, int max) {
      Optional<String> value = optional(name);
      if (value.isEmpty()) {
        return fallback;
      }
      try {
        int parsed = Integer.parseInt(value.get());
        if (parsed < min || parsed > max) {
          throw new ConfigException(name + ": " + parsed + " is out of range " + min + ".." + max);
        }
        return parsed;
      } catch (NumberFormatException e) {
        throw new ConfigException(name + ": '" + value.get() + "' is not a whole number");
      }
    }

    boolean bool(String name, boolean fallback) {
      Optional<String> value = optional(name);
      if (value.isEmpty()) {
        return fallback;
      }
      return switch (value.get().toLowerCase(java.util.Locale.ROOT)) {
        case "true", "on", "yes", "1" -> true;
        case "false", "off", "no", "0" -> false;
        default -> throw new ConfigException(name + ": '" + value.get() + "' is not true or false");
      };
    }

    List<String> list(String name, Function<String, String> check) {
      return optional(name)
          .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(check).toList())
          .orElse(List.of());
    }
  }
}
