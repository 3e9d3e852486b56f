package io.hitl.gateway.email;

import io.hitl.gateway.auth.GatewaySecret;
import io.hitl.gateway.config.EmailConfig;
import io.hitl.gateway.review.HumanInputRequests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The email channel of one process, assembled from its configuration: the notification sender,
 * the IMAP reply poller (when {@code HITL_IMAP_HOST} is set) and the HTTP API. The outbox side,
 * {@link EmailNotifications}, is a request lifecycle listener and is wired separately, before the
 * requests exist.
 */
public final class EmailChannel {

  private static final Logger LOG = LoggerFactory.getLogger(EmailChannel.class);

  private final EmailConfig config;
  private final MailSender mail;
  private final NotificationSender sender;
  private final ReplyProcessor processor;
  private final EmailApi api;

  /** @param pollMillis how often the sender looks for due notifications */
  public EmailChannel(Vertx vertx, Pool pool, EmailConfig config, GatewaySecret secret, HumanInputRequests requests,
      long pollMillis) {
    this.config = config;
    this.mail = config.smtpHost().isPresent() ? new MailSender(vertx, config) : null;
    ReplyToken tokens = new ReplyToken(secret);
    ReplyAddress replyAddress = config.replyAddress().map(ReplyAddress::new).orElse(null);
    this.sender = mail == null ? null
        : new NotificationSender(pool, requests, mail, config, tokens, replyAddress, pollMillis);
    this.processor = new ReplyProcessor(vertx, pool, requests, tokens, replyAddress, mail, config);
    this.api = new EmailApi(pool, processor, EmailNotifications.deploymentOffReason(config).orElse(null));
  }

  /** The routes under {@code /api/v1/email}. */
  public EmailApi api() {
    return api;
  }

  /** Deploys the sender (when SMTP is configured) and the IMAP poller (when IMAP is). */
  public Future<?> deploy(Vertx vertx) {
    if (config.replyAddress().isEmpty() && config.canSend()) {
      LOG.warn("HITL_EMAIL_REPLY_ADDRESS is unset: notification emails cannot be answered by email");
    }
    Future<?> sending = sender == null ? Future.succeededFuture() : vertx.deployVerticle(sender);
    return sending.compose(id -> config.imapHost().isEmpty() ? Future.succeededFuture()
        : vertx.deployVerticle(new ImapReplyPoller(config, processor)));
  }
}
