package io.hitl.gateway.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static WebhookSender.Outcome status(int code) {
    return new WebhookSender.Outcome(code, null, false, 5);
  }

  private static final WebhookSender.Outcome TIMEOUT = new WebhookSender.Outcome(0, "timeout", true, 1000);
  private static final WebhookSender.Outcome REFUSED = new WebhookSender.Outcome(0, "Connection refused", false, 1);

  @Test
  void twoHundredsAreDeliveredAndOtherAnswersBelowFiveHundredExceptTooManyRequestsFailAtOnce() {
    RetryPolicy policy = new RetryPolicy(5, 2);
    assertEquals(WebhookDelivery.DELIVERED, policy.decide(1, status(200)).status());
    assertEquals(WebhookDelivery.DELIVERED, policy.decide(4, status(204)).status());
    for (int code : new int[] {301, 400, 401, 404, 410, 422}) {
      assertEquals(WebhookDelivery.FAILED, policy.decide(1, status(code)).status(), "status " + code);
    }
  }

  @Test
  void serverErrorsTooManyRequestsTimeoutsAndConnectionErrorsBackOffExponentiallyUntilTheLastAttempt() {
    RetryPolicy policy = new RetryPolicy(5, 2);
    for (WebhookSender.Outcome outcome : new WebhookSender.Outcome[] {status(500), status(503), status(429), TIMEOUT, REFUSED}) {
      assertEquals(new RetryPolicy.Decision(WebhookDelivery.PENDING, 2), policy.decide(1, outcome));
      assertEquals(new RetryPolicy.Decision(WebhookDelivery.PENDING, 4), policy.decide(2, outcome));
      assertEquals(new RetryPolicy.Decision(WebhookDelivery.PENDING, 8), policy.decide(3, outcome));
      assertEquals(new RetryPolicy.Decision(WebhookDelivery.PENDING, 16), policy.decide(4, outcome));
      assertEquals(WebhookDelivery.FAILED, policy.decide(5, outcome).status());
    }
  }

  @Test
  void oneAttemptMeansNoRetryAndDelaysAreCapped() {
    assertEquals(WebhookDelivery.FAILED, new RetryPolicy(1, 2).decide(1, status(500)).status());
    assertEquals(WebhookDelivery.FAILED, new RetryPolicy(1, 2).decide(1, TIMEOUT).status());
    assertEquals(RetryPolicy.MAX_DELAY_SECONDS, new RetryPolicy(100, 3600).delaySeconds(99));
  }
}
