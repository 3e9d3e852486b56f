package io.hitl.gateway.notify;

import io.hitl.gateway.audit.AuditTrail;
import io.hitl.gateway.auth.GatewaySecret;
import io.hitl.gateway.config.GatewayConfig;
import io.hitl.gateway.review.CallbackUrls;
import io.hitl.gateway.review.RequestLifecycle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * Assembles signed webhooks for human-feedback requests for one process: the outbox that hears
 * request changes ({@link #outbox()}, a {@link RequestLifecycle}), the API ({@link #api()}) and the
 * delivery worker ({@link #deployWorker}).
 */
public final class FlowWebhooks {

  private final WebhookOutbox outbox;
  private final WebhookApi api;
  private final WebhookDeliveryWorker worker;

  private FlowWebhooks(WebhookOutbox outbox, WebhookApi api, WebhookDeliveryWorker worker) {
    this.outbox = outbox;
    this.api = api;
    this.worker = worker;
  }

  /**
   * @param audit where webhook configuration changes are recorded
   */
  public static FlowWebhooks create(Vertx vertx, Pool pool, GatewayConfig config, GatewaySecret secret,
      CallbackUrls callbacks, AuditTrail audit) {
    SigningSecrets secrets = new SigningSecrets(secret);
    WebhookPayloads payloads = new WebhookPayloads(callbacks, config.deploymentId(), config.deploymentName(),
        config.organizationId());
    WebhookSender sender = new WebhookSender(vertx, config.flowWebhookTimeoutSeconds() * 1000L);
    WebhookDeliveryWorker worker = new WebhookDeliveryWorker(pool, secrets, sender,
        new RetryPolicy(config.webhookMaxAttempts(), config.webhookRetryBaseSeconds()), config.flowWebhookTimeoutSeconds());
    Webhooks webhooks = new Webhooks(pool, secrets, audit);
    return new FlowWebhooks(new WebhookOutbox(payloads, webhooks),
        new WebhookApi(webhooks, new WebhookDeliveries(pool)), worker);
  }

  /** Queues deliveries as requests are created and answered; add it to the request lifecycle. */
  public RequestLifecycle outbox() {
    return outbox;
  }

  /** The HTTP API; shared by every server instance. */
  public WebhookApi api() {
    return api;
  }

  /** Deploys the delivery worker on its own event loop. */
  public Future<String> deployWorker(Vertx vertx) {
    return vertx.deployVerticle(worker);
  }
}
