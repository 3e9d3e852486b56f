package io.hitl.gateway.email;

import io.hitl.gateway.config.EmailConfig;
import io.hitl.gateway.http.ApiException;
import io.hitl.gateway.review.Answer;
import io.hitl.gateway.review.HumanInputRequest;
import io.hitl.gateway.review.HumanInputRequests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an inbound email into an answer, or into a stored rejection with its reason. A reply is
 * accepted only when its token verifies and has not expired, its sender is the address the
 * token was issued to, and the request is still pending and still assigned to that address. The
 * responder then gets a confirmation or an error email (never for automatic mail).
 *
 * <p>Each message is claimed by its Message-ID first, so one that arrives twice (replicas polling
 * the same mailbox, a provider retrying) is processed and answered once.
 */
public final class ReplyProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(ReplyProcessor.class);

  private final Vertx vertx;
  private final Pool pool;
  private final HumanInputRequests requests;
  private final ReplyToken tokens;
  private final ReplyAddress replyAddress;
  private final MailSender mail;
  private final EmailConfig config;

  /**
   * @param replyAddress null when {@code HITL_EMAIL_REPLY_ADDRESS} is unset (every reply is then unknown)
   * @param mail null when SMTP is not configured (no confirmations are sent)
   */
  ReplyProcessor(Vertx vertx, Pool pool, HumanInputRequests requests, ReplyToken tokens, ReplyAddress replyAddress,
      MailSender mail, EmailConfig config) {
    this.vertx = vertx;
    this.pool = pool;
    this.requests = requests;
    this.tokens = tokens;
    this.replyAddress = replyAddress;
    this.mail = mail;
    this.config = config;
  }

  /**
   * Processes one raw RFC 822 message that came in through {@code channel} ({@code imap} or
   * {@code http}). Fails with 400 when the bytes are not a message; the result of a message seen
   * before is its stored reply.
   */
  public Future<Reply> process(byte[] raw, String channel) {
    return vertx.executeBlocking(() -> InboundMessage.parse(raw), false)
        .recover(e -> Future.failedFuture(e instanceof IllegalArgumentException
            ? ApiException.badRequest("malformed_message", e.getMessage()) : e))
        .compose(message -> handle(message, channel));
  }

  private Future<Reply> handle(InboundMessage message, String channel) {
    String token = replyAddress == null ? null : replyAddress.tokenIn(message.recipients());
    UUID replyId = UUID.randomUUID();
    return pool.preparedQuery(EmailQueries.CLAIM_REPLY)
        .execute(Tuple.of(replyId, message.messageId(), message.from(), token, channel))
        .compose(claimed -> {
          if (claimed.size() == 0) {
            LOG.info("email reply {} was already processed", message.messageId());
            return pool.preparedQuery(EmailQueries.REPLY_BY_MESSAGE_ID).execute(Tuple.of(message.messageId()))
                .map(rows -> Reply.from(rows.iterator().next()));
          }
          return decide(message, token)
              .compose(verdict -> finish(replyId, verdict)
                  .compose(reply -> tell(reply, message, verdict)))
              .recover(failure -> release(replyId).compose(v -> Future.failedFuture(failure)));
        });
  }

  /** Lets a message whose processing failed on the gateway's side be tried again. */
  private Future<Void> release(UUID replyId) {
    return pool.preparedQuery("delete from email_replies where reply_id = $1 and status = 'processing'")
        .execute(Tuple.of(replyId)).<Void>mapEmpty().otherwiseEmpty();
  }

  private Future<Verdict> decide(InboundMessage message, String token) {
    if (message.automatic()) {
      return Future.succeededFuture(Verdict.ignored("automatic message (auto-reply, bounce or bulk mail):"
          + " not processed and not answered"));
    }
    if (message.from() == null) {
      return Future.succeededFuture(Verdict.rejected("no_sender", "the message has no usable From address"));
    }
    if (token == null) {
      return Future.succeededFuture(Verdict.rejected("unknown_request", "unknown request: the message was not sent to"
          + " a reply address with a token; reply to the notification email itself"));
    }
    ReplyToken.Claims claims = ReplyToken.parse(token);
    if (claims == null) {
      return Future.succeededFuture(Verdict.rejected("unknown_request",
          "unknown request: the reply address does not hold a valid reply token"));
    }
    return pool.preparedQuery(EmailQueries.NOTIFICATION_BY_ID).execute(Tuple.of(claims.notificationId()))
        .compose(rows -> rows.size() == 0
            ? Future.succeededFuture(Verdict.rejected("unknown_request",
                "unknown request: no notification matches the reply token"))
            : checkToken(message, claims, Notification.from(rows.iterator().next())));
  }

  private Future<Verdict> checkToken(InboundMessage message, ReplyToken.Claims claims, Notification notification) {
    UUID notificationId = notification.notificationId();
    UUID requestId = UUID.fromString(notification.requestId());
    if (notification.email() == null || !tokens.verify(claims, notification.email())) {
      return Future.succeededFuture(Verdict.rejected("invalid_token", "unknown request: the reply token's signature"
          + " does not verify (the address was altered)").about(notificationId, requestId));
    }
    if (Instant.now().isAfter(claims.expiresAt())) {
      return Future.succeededFuture(Verdict.rejected("expired", "expired: the reply token expired at "
          + claims.expiresAt() + " (reply tokens are valid for " + config.tokenTtl().toHours()
          + " hours); answer in the dashboard instead").about(notificationId, requestId));
    }
    if (!notification.email().equalsIgnoreCase(message.from())) {
      return Future.succeededFuture(Verdict.rejected("wrong_sender", "wrong sender: this reply came from "
          + message.from() + ", but the request was sent to another address; only a reply from that address is"
          + " accepted").about(notificationId, requestId));
    }
    return requests.get(notification.requestId())
        .compose(request -> answer(message, notification, request).map(v -> v.about(notificationId, requestId)));
  }

  private Future<Verdict> answer(InboundMessage message, Notification notification, HumanInputRequest request) {
    if (!request.isPending()) {
      return Future.succeededFuture(notPending(request));
    }
    if (request.assignedToEmail() == null || !request.assignedToEmail().equalsIgnoreCase(notification.email())) {
      return Future.succeededFuture(Verdict.rejected("reassigned", "reassigned: the request was assigned to someone"
          + " else after this email was sent; only the current assignee may answer it"));
    }
    String feedback = ReplyText.firstLine(message.body());
    if (feedback.isEmpty()) {
      return Future.succeededFuture(Verdict.rejected("empty_reply", "empty reply: no text was found above the quoted"
          + " message; write your answer on the first line"));
    }
    Answer answer = new Answer(feedback, null, Answer.EMAIL, message.from(), null, null);
    return requests.respond(request.requestId(), answer)
        .map(done -> Verdict.accepted(null, null, feedback, done.outcome(), done.taskId()))
        .recover(failure -> failure instanceof ApiException api && api.status() == 409
            ? requests.get(request.requestId()).map(ReplyProcessor::notPending)
            : Future.failedFuture(failure));
  }

  private static Verdict notPending(HumanInputRequest request) {
    if (HumanInputRequest.CANCELLED.equals(request.status())) {
      return Verdict.rejected("cancelled", "cancelled: the request was cancelled by its flow and no longer takes answers");
    }
    return Verdict.rejected("already_answered", "already answered: the request was answered"
        + (request.respondedAt() == null ? "" : " at " + request.respondedAt().toInstant())
        + (request.source() == null ? "" : " via " + request.source()) + "; the first response wins");
  }

  private Future<Reply> finish(UUID replyId, Verdict v) {
    return pool.preparedQuery(EmailQueries.FINISH_REPLY).execute(Tuple.of(replyId, v.status(), v.code(), v.reason(),
            v.notificationId(), v.requestId(), v.feedback(), v.outcome()))
        .map(rows -> Reply.from(rows.iterator().next()));
  }

  /** Sends the confirmation or the error email and records whether it went out. */
  private Future<Reply> tell(Reply reply, InboundMessage message, Verdict verdict) {
    LOG.info("email reply {} from {}: {} {}", message.messageId(), message.from(), verdict.status(),
        verdict.reason() == null ? "" : verdict.reason());
    if (Reply.IGNORED.equals(verdict.status()) || message.from() == null) {
      return record(reply, "skipped", "no answer is sent to automatic mail or a message without sender");
    }
    if (mail == null) {
      return record(reply, "skipped", EmailNotifications.SMTP_NOT_CONFIGURED);
    }
    var result = verdict.accepted()
        ? ResultMail.accepted(config.from(), message.from(), message.messageId(), message.subject(),
            verdict.methodName(), String.valueOf(verdict.requestId()), verdict.feedback(), verdict.outcome())
        : ResultMail.rejected(config.from(), message.from(), message.messageId(), message.subject(), verdict.reason());
    return mail.send(result).compose(
        id -> record(reply, "sent", null),
        failure -> record(reply, "failed", MailSender.describe(failure)));
  }

  private Future<Reply> record(Reply reply, String status, String error) {
    return pool.preparedQuery(EmailQueries.RECORD_CONFIRMATION).execute(Tuple.of(reply.replyId(), status, error))
        .map(rows -> Reply.from(rows.iterator().next()));
  }
}
