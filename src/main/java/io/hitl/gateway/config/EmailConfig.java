package io.hitl.gateway.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The email channel's settings: SMTP for notifications out, the reply address that carries reply
 * tokens, and IMAP for replies in. Passwords never appear in {@link #toString()}.
 *
 * @param enabled {@code HITL_EMAIL_ENABLED}; defaults to on exactly when an SMTP host is set
 * @param smtpHost empty when SMTP is not configured (notifications are then skipped)
 * @param smtpTls {@code none}, {@code starttls} or {@code tls}
 * @param replyAddress the plus-addressable mailbox replies go to, e.g. {@code reply@hitl.example.com};
 *     empty when replying by email is not set up
 * @param tokenTtl how long a reply token stays valid
 * @param maxAttempts how often a notification is tried before it is marked failed
 * @param retryBase the wait after the first transient failure; it doubles each time
 * @param imapHost empty when replies are not fetched over IMAP
 */
public record EmailConfig(
    boolean enabled,
    Optional<String> smtpHost,
    int smtpPort,
    String smtpTls,
    Optional<String> smtpUser,
    Optional<String> smtpPassword,
    String from,
    Optional<String> replyAddress,
    Duration tokenTtl,
    int maxAttempts,
    Duration retryBase,
    Optional<String> imapHost,
    int imapPort,
    String imapTls,
    Optional<String> imapUser,
    Optional<String> imapPassword,
    String imapFolder,
    int imapPollSeconds) {

  /** TLS modes of {@code HITL_SMTP_TLS} and {@code HITL_IMAP_TLS}. */
  public static final String TLS_NONE = "none";
  public static final String TLS_STARTTLS = "starttls";
  public static final String TLS_IMPLICIT = "tls";

  /** Reads the {@code HITL_SMTP_*}, {@code HITL_EMAIL_*} and {@code HITL_IMAP_*} variables. */
  public static EmailConfig from(Map<String, String> env) {
    GatewayConfig.Reader r = new GatewayConfig.Reader(env);
    Optional<String> smtpHost = r.optional("HITL_SMTP_HOST");
    if (r.optional("HITL_IMAP_HOST").isPresent() && r.optional("HITL_IMAP_USER").isEmpty()) {
      throw new ConfigException("HITL_IMAP_USER: required when HITL_IMAP_HOST is set");
    }
    String smtpTls = tlsMode(r, "HITL_SMTP_TLS", TLS_STARTTLS);
    String imapTls = tlsMode(r, "HITL_IMAP_TLS", TLS_IMPLICIT);
    return new EmailConfig(
        r.bool("HITL_EMAIL_ENABLED", smtpHost.isPresent()),
        smtpHost,
        r.integer("HITL_SMTP_PORT", TLS_IMPLICIT.equals(smtpTls) ? 465 : 587, 1, 65535),
        smtpTls,
        r.optional("HITL_SMTP_USER"),
        r.optional("HITL_SMTP_PASSWORD"),
        r.optional("HITL_EMAIL_FROM").map(a -> requireAddress("HITL_EMAIL_FROM", a)).orElse("hitl@localhost"),
        r.optional("HITL_EMAIL_REPLY_ADDRESS").map(EmailConfig::requireReplyAddress),
        Duration.ofHours(r.integer("HITL_EMAIL_TOKEN_TTL_HOURS", 168, 1, 24 * 365)),
        r.integer("HITL_EMAIL_MAX_ATTEMPTS", 4, 1, 100),
        Duration.ofSeconds(r.integer("HITL_EMAIL_RETRY_BASE_SECONDS", 30, 1, 86_400)),
        r.optional("HITL_IMAP_HOST"),
        r.integer("HITL_IMAP_PORT", TLS_IMPLICIT.equals(imapTls) ? 993 : 143, 1, 65535),
        imapTls,
        r.optional("HITL_IMAP_USER"),
        r.optional("HITL_IMAP_PASSWORD"),
        r.string("HITL_IMAP_FOLDER", "INBOX"),
        r.integer("HITL_IMAP_POLL_SECONDS", 30, 1, 3600));
  }

  private static String tlsMode(GatewayConfig.Reader r, String name, String fallback) {
    String mode = r.string(name, fallback).toLowerCase(Locale.ROOT);
    if (!mode.equals(TLS_NONE) && !mode.equals(TLS_STARTTLS) && !mode.equals(TLS_IMPLICIT)) {
      throw new ConfigException(name + ": '" + mode + "' is not one of none, starttls, tls");
    }
    return mode;
  }

  private static String requireAddress(String name, String address) {
    if (!address.matches("[^@\\s<>]+@[^@\\s<>]+")) {
      throw new ConfigException(name + ": '" + address + "' is not an email address");
    }
    return address;
  }

  private static String requireReplyAddress(String address) {
    requireAddress("HITL_EMAIL_REPLY_ADDRESS", address);
    String local = address.substring(0, address.indexOf('@'));
    // "+" and the token take 51 of the 64 characters a local part may have (RFC 5321).
    if (local.contains("+") || local.length() > 12) {
      throw new ConfigException("HITL_EMAIL_REPLY_ADDRESS: the local part must have at most 12 characters and no '+'"
          + " (the reply token is added as +token)");
    }
    return address.toLowerCase(Locale.ROOT);
  }

  /** True when notifications can be sent at all: switched on and an SMTP host configured. */
  public boolean canSend() {
    return enabled && smtpHost.isPresent();
  }

  @Override
  public String toString() {
    return "EmailConfig[enabled=" + enabled + ", smtp=" + smtpHost.map(h -> h + ":" + smtpPort + " (" + smtpTls + ")")
        .orElse("(unset)") + ", smtpUser=" + smtpUser.orElse("(none)")
        + ", smtpPassword=" + (smtpPassword.isPresent() ? "****" : "(unset)") + ", from=" + from
        + ", replyAddress=" + replyAddress.orElse("(unset)") + ", tokenTtl=" + tokenTtl
        + ", imap=" + imapHost.map(h -> h + ":" + imapPort + " (" + imapTls + ") " + imapFolder).orElse("(unset)")
        + ", imapUser=" + imapUser.orElse("(none)")
        + ", imapPassword=" + (imapPassword.isPresent() ? "****" : "(unset)")
        + ", imapPollSeconds=" + imapPollSeconds + "]";
  }
}
