package io.hitl.gateway.email;

import io.hitl.gateway.config.EmailConfig;
import io.hitl.gateway.review.HumanInputRequest;
import io.hitl.gateway.review.HumanInputRequests;
import io.hitl.gateway.store.LeasedWorker;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the pending notification emails of the outbox, one at a time per replica. Claims are
 * leases in PostgreSQL ({@code FOR UPDATE SKIP LOCKED}), as for executions: any number of replicas
 * share the work, and a notification whose sender died is claimed again once its lease expires.
 * Transient failures (connection trouble, SMTP 4xx) are retried with doubling waits up to
 * {@code HITL_EMAIL_MAX_ATTEMPTS}; permanent ones (SMTP 5xx) fail at once.
 */
final class NotificationSender extends LeasedWorker<Notification> {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationSender.class);
  private static final int LEASE_SECONDS = 120;

  private final Pool pool;
  private final HumanInputRequests requests;
  private final MailSender mail;
  private final EmailConfig config;
  private final ReplyToken tokens;
  private final ReplyAddress replyAddress;

  /** @param replyAddress null when replies by email are not set up */
  NotificationSender(Pool pool, HumanInputRequests requests, MailSender mail, EmailConfig config, ReplyToken tokens,
      ReplyAddress replyAddress, long pollMillis) {
    super("email notifications", pollMillis, 1);
    this.pool = pool;
    this.requests = requests;
    this.mail = mail;
    this.config = config;
    this.tokens = tokens;
    this.replyAddress = replyAddress;
  }

  @Override
  protected Future<List<Notification>> claim(String lease, int max) {
    // one at a time per replica: the query claims a single notification
    return pool.preparedQuery(EmailQueries.CLAIM).execute(Tuple.of(lease, LEASE_SECONDS))
        .map(rows -> items(rows, Notification::from));
  }

  @Override
  protected Future<?> work(Notification n, String lease) {
    return deliver(n, lease);
  }

  private Future<Void> deliver(Notification n, String lease) {
    return requests.get(n.requestId()).compose(request -> {
      if (!request.isPending()) {
        return finish(n, lease, Notification.SKIPPED, "request " + request.status() + " before this email was sent");
      }
      Instant expiry = n.tokenExpiresAt().toInstant();
      String replyTo = replyAddress == null ? null
          : replyAddress.withToken(tokens.issue(n.notificationId(), expiry, n.email()));
      return mail.send(NotificationMail.compose(config.from(), n.email(), request, replyTo, expiry))
          .compose(messageId -> pool.preparedQuery(EmailQueries.MARK_SENT)
              .execute(Tuple.of(n.notificationId(), lease, messageId)).<Void>mapEmpty())
          .recover(failure -> failed(n, lease, failure));
    });
  }

  private Future<Void> failed(Notification n, String lease, Throwable failure) {
    String error = MailSender.describe(failure);
    if (MailSender.isTransient(failure) && n.attempts() < config.maxAttempts()) {
      long wait = config.retryBase().toSeconds() << Math.min(n.attempts() - 1, 16);
      LOG.info("email notification {} to {}: attempt {} failed ({}), retrying in {} s", n.notificationId(), n.email(),
          n.attempts(), error, wait);
      return pool.preparedQuery(EmailQueries.RETRY_LATER)
          .execute(Tuple.of(n.notificationId(), lease, "attempt " + n.attempts() + " failed: " + error, (int) wait)).mapEmpty();
    }
    LOG.warn("email notification {} to {} failed after {} attempt(s): {}", n.notificationId(), n.email(), n.attempts(), error);
    return finish(n, lease, Notification.FAILED, error + " (after " + n.attempts() + " attempt"
        + (n.attempts() == 1 ? "" : "s") + ")");
  }

  private Future<Void> finish(Notification n, String lease, String status, String reason) {
    return pool.preparedQuery(EmailQueries.FINISH_UNSENT).execute(Tuple.of(n.notificationId(), lease, status, reason))
        .mapEmpty();
  }
}
