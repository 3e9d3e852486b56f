package io.hitl.gateway.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.auth.GatewaySecret;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReplyTokenTest {

  private final ReplyToken tokens = new ReplyToken(GatewaySecret.of("a-test-secret-of-at-least-32-characters"));
  private final UUID id = UUID.randomUUID();
  private final Instant expiry = Instant.parse("2030-01-02T03:04:05Z");

  @Test
  void aTokenFitsALocalPartAndRoundTripsInAnyCase() {
    String token = tokens.issue(id, expiry, "Alice@Example.com");
    assertEquals(ReplyToken.LENGTH, token.length());
    assertTrue(token.matches("[a-z2-7]+"), token);
    String address = new ReplyAddress("reply@replies.test").withToken(token);
    assertTrue(address.substring(0, address.indexOf('@')).length() <= 64, address);
    ReplyToken.Claims claims = ReplyToken.parse(token.toUpperCase(Locale.ROOT));
    assertNotNull(claims);
    assertEquals(id, claims.notificationId());
    assertEquals(expiry, claims.expiresAt());
    assertTrue(tokens.verify(claims, "alice@example.com"), "bound to the email, case-insensitively");
  }

  @Test
  void anotherEmailOrKeyOrAnyChangedCharacterDoesNotVerify() {
    String token = tokens.issue(id, expiry, "alice@example.com");
    assertFalse(tokens.verify(ReplyToken.parse(token), "mallory@example.com"));
    assertFalse(new ReplyToken(GatewaySecret.of("another-secret-of-at-least-32-characters"))
        .verify(ReplyToken.parse(token), "alice@example.com"));
    Random random = new Random(42);
    for (int i = 0; i < token.length(); i++) {
      char replacement = "abcdefghijklmnopqrstuvwxyz234567".charAt(random.nextInt(32));
      if (replacement == token.charAt(i)) {
        continue;
      }
      String tampered = token.substring(0, i) + replacement + token.substring(i + 1);
      ReplyToken.Claims claims = ReplyToken.parse(tampered);
      assertTrue(claims == null || !tokens.verify(claims, "alice@example.com"), "position " + i);
    }
  }

  @Test
  void everyTokenHasOneSpelling() {
    String token = tokens.issue(id, expiry, "alice@example.com");
    char last = token.charAt(token.length() - 1);
    for (char c : "abcdefghijklmnopqrstuvwxyz234567".toCharArray()) {
      if (c != last) {
        ReplyToken.Claims claims = ReplyToken.parse(token.substring(0, token.length() - 1) + c);
        assertTrue(claims == null || !tokens.verify(claims, "alice@example.com"), "last character " + c);
      }
    }
  }

  @Test
  void nonTokensAreNotParsed() {
    assertNull(ReplyToken.parse(null));
    assertNull(ReplyToken.parse("short"));
    assertNull(ReplyToken.parse("1".repeat(ReplyToken.LENGTH)));
  }

  @Test
  void theTokenIsFoundAmongTheRecipients() {
    ReplyAddress address = new ReplyAddress("Reply@Replies.test");
    assertEquals("abc", address.tokenIn(List.of("someone@else.test", "REPLY+ABC@replies.test")));
    assertNull(address.tokenIn(List.of("reply@replies.test", "reply+abc@other.test")));
  }
}
