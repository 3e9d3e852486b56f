package io.hitl.gateway.email;

import io.hitl.gateway.config.EmailConfig;
import io.hitl.gateway.review.HumanInputRequest;
import io.hitl.gateway.review.RequestLifecycle;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox of notification emails: in the transaction that creates (or reassigns) a request it
 * writes one notification row, {@code pending} for the {@link NotificationSender} to send, or
 * {@code skipped} with the reason it will not be sent, so "why did no email go out?" always has
 * an answer in {@code GET /api/v1/email/notifications}.
 */
public final class EmailNotifications implements RequestLifecycle {

  static final String NO_ASSIGNEE = "no assignee: no routing rule matched and HITL_OWNER_EMAIL is unset";
  static final String SMTP_NOT_CONFIGURED = "SMTP not configured: HITL_SMTP_HOST is unset";
  static final String SWITCHED_OFF = "email notifications are off: HITL_EMAIL_ENABLED=false";
  static final String SETTING_OFF = "email notifications are disabled in the HITL settings";

  private final EmailConfig config;
  private final EmailSwitch setting;

  public EmailNotifications(EmailConfig config, EmailSwitch setting) {
    this.config = config;
    this.setting = setting;
  }

  @Override
  public Future<Void> created(SqlClient tx, List<HumanInputRequest> created) {
    if (created.isEmpty()) {
      return Future.succeededFuture();
    }
    return whyNotSending(tx).compose(offReason -> {
      List<Tuple> rows = new ArrayList<>(created.size());
      created.forEach(request -> rows.add(row(request.requestId(), request.assignedToEmail(), offReason, NO_ASSIGNEE)));
      return tx.preparedQuery(EmailQueries.INSERT_NOTIFICATION).executeBatch(rows).mapEmpty();
    });
  }

  @Override
  public Future<Void> reassigned(SqlClient tx, HumanInputRequest request, String previousAssignee, String by) {
    String email = request.assignedToEmail();
    if (email != null && email.equalsIgnoreCase(previousAssignee)) {
      return Future.succeededFuture();
    }
    String superseded = "superseded: the request was reassigned to " + (email == null ? "nobody" : email)
        + " before this email was sent";
    return tx.preparedQuery(EmailQueries.SKIP_PENDING).execute(Tuple.of(request.requestId(), superseded))
        .compose(skipped -> whyNotSending(tx))
        .compose(offReason -> tx.preparedQuery(EmailQueries.INSERT_NOTIFICATION)
            .execute(row(request.requestId(), email, offReason, "no assignee: the request was reassigned to nobody")))
        .mapEmpty();
  }

  @Override
  public Future<Void> answered(SqlClient tx, HumanInputRequest answered) {
    return tx.preparedQuery(EmailQueries.SKIP_PENDING)
        .execute(Tuple.of(answered.requestId(), "request answered (" + answered.source() + ") before this email was sent"))
        .mapEmpty();
  }

  @Override
  public Future<Void> cancelled(SqlClient tx, HumanInputRequest cancelled, String by) {
    return tx.preparedQuery(EmailQueries.SKIP_PENDING)
        .execute(Tuple.of(cancelled.requestId(), "request cancelled before this email was sent")).mapEmpty();
  }

  /**
   * Why this deployment sends no notification email at all (no SMTP server, or switched off by
   * environment), or empty when it does. Then no row is written per request: the notifications
   * view states the reason once.
   */
  public static Optional<String> deploymentOffReason(EmailConfig config) {
    if (config.smtpHost().isEmpty()) {
      return Optional.of(SMTP_NOT_CONFIGURED);
    }
    return config.enabled() ? Optional.empty() : Optional.of(SWITCHED_OFF);
  }

  /**
   * Null when notifications are to be sent, else the reason they are not. Only the setting can
   * say no here: a deployment that sends none ({@link #deploymentOffReason}) has no such listener.
   */
  private Future<String> whyNotSending(SqlClient tx) {
    return setting.enabled(tx).map(on -> on ? null : SETTING_OFF);
  }

  private Tuple row(String requestId, String email, String offReason, String noAssigneeReason) {
    String reason = offReason != null ? offReason : email == null ? noAssigneeReason : invalidAddress(email);
    OffsetDateTime expiry = reason != null ? null
        : OffsetDateTime.ofInstant(Instant.now().plus(config.tokenTtl()).truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
    return Tuple.of(UUID.randomUUID(), UUID.fromString(requestId), email,
        reason == null ? Notification.PENDING : Notification.SKIPPED, reason, expiry);
  }

  /** Null for a deliverable address, else why it is not one. */
  static String invalidAddress(String email) {
    try {
      InternetAddress address = new InternetAddress(email, true);
      address.validate();
      if (!email.equalsIgnoreCase(address.getAddress())) {
        throw new AddressException("not a bare address");
      }
      return null;
    } catch (AddressException e) {
      return "assignee email '" + email + "' is not a valid address";
    }
  }
}
