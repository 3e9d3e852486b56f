package io.hitl.gateway.notify;

import io.hitl.gateway.store.LeasedWorker;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends queued webhook deliveries, up to {@link #CONCURRENCY} at once per process. Every
 * {@link #POLL_MILLIS} it claims due deliveries with a lease in PostgreSQL
 * ({@code FOR UPDATE SKIP LOCKED}), so any number of replicas share the outbox and the deliveries
 * of a replica that died are claimed again once its lease runs out. Each attempt is signed at the
 * moment it is sent ({@code X-Timestamp}, {@code X-Signature}), and its outcome is logged and
 * stored under the lease, so a worker that lost its lease cannot overwrite a newer attempt.
 */
public final class WebhookDeliveryWorker extends LeasedWorker<Row> {

  /** Deliveries in flight at once, per process. */
  static final int CONCURRENCY = 16;
  /** How often the outbox is checked: a new request's webhook goes out well within a second. */
  static final long POLL_MILLIS = 200;
  private static final long ABANDON_CHECK_MILLIS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveryWorker.class);

  private final Pool pool;
  private final SigningSecrets secrets;
  private final WebhookSender sender;
  private final RetryPolicy policy;
  private final int leaseSeconds;

  /** @param timeoutSeconds the longest one attempt may take; leases outlast it comfortably */
  public WebhookDeliveryWorker(Pool pool, SigningSecrets secrets, WebhookSender sender, RetryPolicy policy,
      int timeoutSeconds) {
    super("webhook deliveries", POLL_MILLIS, CONCURRENCY);
    this.pool = pool;
    this.secrets = secrets;
    this.sender = sender;
    this.policy = policy;
    this.leaseSeconds = 2 * timeoutSeconds + 30;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(ABANDON_CHECK_MILLIS, id -> failAbandoned());
    return super.start();
  }

  @Override
  protected Future<List<Row>> claim(String lease, int max) {
    return pool.preparedQuery(WebhookQueries.CLAIM)
        .execute(Tuple.of(UUID.fromString(lease), leaseSeconds, max, policy.maxAttempts()))
        .map(rows -> items(rows, row -> row));
  }

  @Override
  protected Future<?> work(Row row, String lease) {
    return deliver(UUID.fromString(lease), row).recover(e -> Future.failedFuture(
        "cannot record the outcome of webhook delivery " + row.getUUID("id") + ": " + e.getMessage()));
  }

  private Future<Void> deliver(UUID lease, Row row) {
    String deliveryId = row.getUUID("id").toString();
    String webhookId = row.getUUID("webhook_id").toString();
    String event = row.getString("event");
    int attempt = row.getInteger("attempts");
    String secret;
    try {
      secret = secrets.open(webhookId, row.getBuffer("secret_ciphertext").getBytes(), row.getBuffer("secret_nonce").getBytes());
    } catch (IllegalStateException undecryptable) {
      // retrying cannot help until the secret is rotated; the message names no key material
      LOG.error("webhook {} delivery {} ({}) attempt {}: not sent: {}", webhookId, deliveryId, event, attempt,
          undecryptable.getMessage());
      return settle(deliveryId, lease, WebhookDelivery.FAILED,
          new WebhookSender.Outcome(0, undecryptable.getMessage(), false, 0), 0);
    }
    String payload = row.getString("payload");
    long timestamp = System.currentTimeMillis() / 1000;
    Map<String, String> headers = Map.of(
        WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, payload),
        WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp),
        "X-Webhook-Id", webhookId,
        "X-Delivery-Id", deliveryId,
        "X-Webhook-Event", event,
        "User-Agent", "hitl-gateway-webhooks");
    return sender.send(row.getString("url"), headers, Buffer.buffer(payload)).compose(outcome -> {
      RetryPolicy.Decision decision = policy.decide(attempt, outcome);
      log(webhookId, deliveryId, event, attempt, outcome, decision);
      return settle(deliveryId, lease, decision.status(), outcome, decision.retryInSeconds());
    });
  }

  private Future<Void> settle(String deliveryId, UUID lease, String status, WebhookSender.Outcome outcome,
      long retryInSeconds) {
    Integer code = outcome.status() == 0 ? null : outcome.status();
    String error = outcome.error() != null ? outcome.error()
        : outcome.succeeded() ? null : "receiver answered " + outcome.status();
    return pool.preparedQuery(WebhookQueries.SETTLE)
        .execute(Tuple.of(deliveryId, lease, status, code, error, outcome.durationMillis(), retryInSeconds))
        .mapEmpty();
  }

  private static void log(String webhookId, String deliveryId, String event, int attempt, WebhookSender.Outcome outcome,
      RetryPolicy.Decision decision) {
    String result = outcome.status() != 0 ? "HTTP " + outcome.status()
        : (outcome.timedOut() ? "timed out: " : "no response: ") + outcome.error();
    switch (decision.status()) {
      case WebhookDelivery.DELIVERED -> LOG.info("webhook {} delivery {} ({}) attempt {}: {} in {} ms, delivered",
          webhookId, deliveryId, event, attempt, result, outcome.durationMillis());
      case WebhookDelivery.PENDING -> LOG.warn("webhook {} delivery {} ({}) attempt {}: {} after {} ms, retrying in {} s",
          webhookId, deliveryId, event, attempt, result, outcome.durationMillis(), decision.retryInSeconds());
      default -> LOG.warn("webhook {} delivery {} ({}) attempt {}: {} after {} ms, failed (no further attempt)",
          webhookId, deliveryId, event, attempt, result, outcome.durationMillis());
    }
  }

  private void failAbandoned() {
    if (stopped()) {
      return;
    }
    pool.preparedQuery(WebhookQueries.ABANDON).execute(Tuple.of(policy.maxAttempts())).onComplete(result -> {
      if (result.failed()) {
        LOG.warn("cannot check for abandoned webhook deliveries: {}", result.cause().getMessage());
      } else if (result.result().rowCount() > 0) {
        LOG.warn("{} webhook deliveries failed: the gateway sending their last attempt stopped",
            result.result().rowCount());
      }
    });
  }
}
