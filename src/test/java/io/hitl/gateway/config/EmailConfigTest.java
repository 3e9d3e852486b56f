package io.hitl.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmailConfigTest {

  @Test
  void withoutAnSmtpHostNothingIsSent() {
    EmailConfig email = GatewayConfig.from(Map.of()).email();
    assertFalse(email.enabled());
    assertFalse(email.canSend());
    assertEquals(587, email.smtpPort());
    assertEquals("starttls", email.smtpTls());
    assertEquals(Duration.ofHours(168), email.tokenTtl());
    assertEquals("INBOX", email.imapFolder());
    assertEquals(30, email.imapPollSeconds());
    assertEquals(Optional.empty(), email.imapHost());
  }

  @Test
  void anSmtpHostSwitchesNotificationsOnUnlessTheyAreSwitchedOff() {
    assertTrue(EmailConfig.from(Map.of("HITL_SMTP_HOST", "smtp.example.com")).canSend());
    assertFalse(EmailConfig.from(Map.of("HITL_SMTP_HOST", "smtp.example.com", "HITL_EMAIL_ENABLED", "false")).canSend());
    assertEquals(465, EmailConfig.from(Map.of("HITL_SMTP_TLS", "tls")).smtpPort());
    assertEquals(993, EmailConfig.from(Map.of()).imapPort());
  }

  @Test
  void invalidValuesNameTheirVariable() {
    assertMessage("HITL_SMTP_TLS", Map.of("HITL_SMTP_TLS", "ssl3"));
    assertMessage("HITL_SMTP_PORT", Map.of("HITL_SMTP_PORT", "0"));
    assertMessage("HITL_EMAIL_ENABLED", Map.of("HITL_EMAIL_ENABLED", "perhaps"));
    assertMessage("HITL_EMAIL_FROM", Map.of("HITL_EMAIL_FROM", "nobody"));
    assertMessage("HITL_EMAIL_REPLY_ADDRESS", Map.of("HITL_EMAIL_REPLY_ADDRESS", "reply+x@hitl.example.com"));
    assertMessage("HITL_EMAIL_REPLY_ADDRESS", Map.of("HITL_EMAIL_REPLY_ADDRESS", "a-very-long-mailbox@hitl.example.com"));
    assertMessage("HITL_EMAIL_TOKEN_TTL_HOURS", Map.of("HITL_EMAIL_TOKEN_TTL_HOURS", "0"));
    assertMessage("HITL_IMAP_TLS", Map.of("HITL_IMAP_TLS", "yes"));
    assertMessage("HITL_IMAP_POLL_SECONDS", Map.of("HITL_IMAP_POLL_SECONDS", "soon"));
    assertMessage("HITL_IMAP_USER", Map.of("HITL_IMAP_HOST", "imap.example.com"));
  }

  @Test
  void passwordsAreNeverShown() {
    String shown = GatewayConfig.from(Map.of("HITL_SMTP_HOST", "smtp.example.com", "HITL_SMTP_USER", "u",
        "HITL_SMTP_PASSWORD", "smtp-pass-xyz", "HITL_IMAP_HOST", "imap.example.com", "HITL_IMAP_USER", "u",
        "HITL_IMAP_PASSWORD", "imap-pass-xyz")).toString();
    assertFalse(shown.contains("smtp-pass-xyz"), shown);
    assertFalse(shown.contains("imap-pass-xyz"), shown);
    assertTrue(shown.contains("smtpPassword=****"), shown);
  }

  private static void assertMessage(String variable, Map<String, String> env) {
    ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.from(env));
    assertTrue(e.getMessage().startsWith(variable), e.getMessage());
  }
}
