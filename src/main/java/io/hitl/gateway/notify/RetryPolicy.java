package io.hitl.gateway.notify;

/**
 * What follows an attempt: 2xx is delivered; any other answer (3xx, 4xx) fails at once, as the
 * seed says, except 429 (the receiver asks to be tried later); 429, 5xx, timeouts and connection
 * errors are tried again after
 * {@code base * 2^(attempt-1)} seconds until {@code maxAttempts} attempts were made. With
 * {@code maxAttempts} 1 nothing is retried, exactly the seed's behaviour.
 */
public record RetryPolicy(int maxAttempts, long baseSeconds) {

  /** No retry is put off longer than a day, whatever the base and attempt. */
  static final long MAX_DELAY_SECONDS = 24 * 3600;

  /** The verdict on one attempt. */
  public record Decision(String status, long retryInSeconds) {
  }

  /**
   * @param attempt the number of the attempt just made, from 1
   * @param outcome what it got
   */
  public Decision decide(int attempt, WebhookSender.Outcome outcome) {
    if (outcome.succeeded()) {
      return new Decision(WebhookDelivery.DELIVERED, 0);
    }
    boolean retryable = outcome.status() == 0 || outcome.status() == 429 || outcome.status() >= 500;
    if (!retryable || attempt >= maxAttempts) {
      return new Decision(WebhookDelivery.FAILED, 0);
    }
    return new Decision(WebhookDelivery.PENDING, delaySeconds(attempt));
  }

  /** The wait after failed attempt {@code attempt}. */
  long delaySeconds(int attempt) {
    // bases are at most an hour (2^12 s): 40 doublings stay far below overflow
    return Math.min(MAX_DELAY_SECONDS, baseSeconds << Math.min(Math.max(attempt - 1, 0), 40));
  }
}
