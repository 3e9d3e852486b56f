package io.hitl.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

  private final ApiKeys keys = ApiKeys.of(List.of("first-key-123", "second-key-456"));

  @Test
  void acceptsEachConfiguredKey() {
    assertTrue(keys.accepts("first-key-123"));
    assertTrue(keys.accepts("second-key-456"));
  }

  @Test
  void refusesAnythingElse() {
    assertFalse(keys.accepts("first-key-12"));
    assertFalse(keys.accepts("first-key-1234"));
    assertFalse(keys.accepts("FIRST-KEY-123"));
    assertFalse(keys.accepts(""));
    assertFalse(keys.accepts(null));
  }

  @Test
  void storedDigestsAcceptTheOriginalKey() {
    ApiKeys stored = ApiKeys.ofDigests(List.of(ApiKeys.digest("generated-key-789")));
    assertTrue(stored.accepts("generated-key-789"));
    assertFalse(stored.accepts("generated-key-780"));
  }
}
