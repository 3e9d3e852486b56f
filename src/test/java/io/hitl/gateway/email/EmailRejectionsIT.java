package io.hitl.gateway.email;

import static io.hitl.gateway.support.Caller.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.auth.GatewaySecret;
import io.hitl.gateway.support.Caller;
import io.hitl.gateway.support.FreePorts;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.Poll;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every way an email reply is refused, each stored with its reason and answered with an error
 * email that says it; and every reason a notification is not sent, visible in the API.
 */
class EmailRejectionsIT {

  static final String REQUESTS = "/api/v1/human-input-requests";
  static final MailServers mail = new MailServers();
  static final ReplyToken TOKENS = new ReplyToken(GatewaySecret.of(MailServers.SECRET));

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(), mail.settings()));

  @AfterAll
  static void stopMail() {
    env.gateway().close(); // before its mail servers go away
    mail.close();
  }

  static Caller service() {
    return Caller.service(env.gateway().port());
  }

  /** A request, its notification email and the notification's row. */
  record Sent(String requestId, MimeMessage email, JsonObject notification) {
    String replyTo() throws Exception {
      return email.getHeader("Reply-To", ",");
    }
  }

  static Sent send(String method) {
    String id = create(service(), method).getString("request_id");
    MimeMessage email = mail.awaitOne(MailServers.OWNER, "Review requested: " + method + " ");
    JsonObject row = expect(200, service().get("/api/v1/email/notifications?request_id=" + id))
        .getJsonArray("notifications").getJsonObject(0);
    return new Sent(id, email, row);
  }

  static JsonObject create(Caller caller, String method) {
    return expect(201, caller.post(REQUESTS, new JsonObject()
        .put("flow_id", "flow-" + UUID.randomUUID())
        .put("method_name", method)
        .put("message", "Please review.")
        .put("output", "Draft")
        .put("emit", new JsonArray().add("approved").add("rejected"))));
  }

  static JsonObject inbound(MimeMessage message) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(env.gateway().url("/api/v1/email/inbound")))
        .header("Authorization", "Bearer " + TestGateway.API_KEY).header("Content-Type", "message/rfc822")
        .POST(HttpRequest.BodyPublishers.ofByteArray(MailServers.raw(message)));
    return expect(200, TestGateway.send(request)).getJsonObject("reply");
  }

  /** The error email to {@code to} about the reply to {@code method}; its text must say {@code reason}. */
  static void assertErrorEmail(String to, String method, String reason) {
    MimeMessage error = mail.awaitOne(to, "Reply not recorded: Review requested: " + method + " ");
    String text = MailServers.part(error, "text/plain");
    assertTrue(text.contains("Reason: " + reason), text);
  }

  static void assertStillPending(String requestId) {
    assertEquals("pending", expect(200, service().get(REQUESTS + "/" + requestId)).getString("status"));
  }

  static void assertRejected(JsonObject reply, String code, String reasonStart) {
    assertEquals("rejected", reply.getString("status"), reply.encode());
    assertEquals(code, reply.getString("reason_code"), reply.encode());
    assertTrue(reply.getString("reason").startsWith(reasonStart), reply.encode());
    assertEquals("sent", reply.getString("confirmation_status"), "the error email went out: " + reply.encode());
  }

  static String tokenOf(String replyTo) {
    return replyTo.substring("reply+".length(), replyTo.indexOf('@'));
  }

  @Test
  void anExpiredTokenIsRejected() throws Exception {
    Sent sent = send("review_expired");
    UUID notification = UUID.fromString(sent.notification().getString("notification_id"));
    String expired = TOKENS.issue(notification, Instant.now().minusSeconds(60), MailServers.OWNER);
    JsonObject reply = inbound(MailServers.reply(MailServers.OWNER, "reply+" + expired + "@replies.test",
        sent.email().getSubject(), "approved"));
    assertRejected(reply, "expired", "expired: the reply token expired at ");
    assertEquals(sent.requestId(), reply.getString("request_id"));
    assertErrorEmail(MailServers.OWNER, "review_expired", "expired: the reply token expired at");
    assertStillPending(sent.requestId());
  }

  @Test
  void aReplyFromAnotherSenderIsRejectedThroughImapToo() throws Exception {
    Sent sent = send("review_wrong_sender");
    mail.deliverToReplyMailbox(MailServers.reply("mallory@example.com", sent.replyTo(), sent.email().getSubject(),
        "approved"));
    JsonObject[] reply = new JsonObject[1];
    Poll.until(() -> {
      JsonArray replies = expect(200, service().get("/api/v1/email/replies?request_id=" + sent.requestId()))
          .getJsonArray("replies");
      reply[0] = replies.isEmpty() ? null : replies.getJsonObject(0);
      return reply[0] != null && reply[0].getString("confirmation_status") != null;
    }, Duration.ofSeconds(20), () -> "no processed reply: " + reply[0]);
    assertRejected(reply[0], "wrong_sender", "wrong sender: this reply came from mallory@example.com");
    assertEquals("imap", reply[0].getString("channel"));
    assertErrorEmail("mallory@example.com", "review_wrong_sender", "wrong sender");
    assertStillPending(sent.requestId());
  }

  @Test
  void aReplyToAnAnsweredRequestIsRejected() throws Exception {
    Sent sent = send("review_answered");
    expect(200, service().post(REQUESTS + "/" + sent.requestId() + "/response",
        new JsonObject().put("feedback", "rejected")));
    JsonObject reply = inbound(MailServers.reply(MailServers.OWNER, sent.replyTo(), sent.email().getSubject(), "approved"));
    assertRejected(reply, "already_answered", "already answered: the request was answered at ");
    assertTrue(reply.getString("reason").contains("via api"), reply.encode());
    assertErrorEmail(MailServers.OWNER, "review_answered", "already answered");
    JsonObject request = expect(200, service().get(REQUESTS + "/" + sent.requestId()));
    assertEquals("rejected", request.getString("outcome"), "the first answer stands");
    assertEquals("api", request.getString("source"));
  }

  @Test
  void aTamperedTokenIsAnUnknownRequest() throws Exception {
    Sent sent = send("review_tampered");
    String token = tokenOf(sent.replyTo());
    String tampered = token.substring(0, 30) + (token.charAt(30) == 'a' ? 'b' : 'a') + token.substring(31);
    JsonObject reply = inbound(MailServers.reply(MailServers.OWNER, "reply+" + tampered + "@replies.test",
        sent.email().getSubject(), "approved"));
    assertEquals("rejected", reply.getString("status"), reply.encode());
    assertTrue(reply.getString("reason").startsWith("unknown request: "), reply.encode());
    assertTrue(Set.of("invalid_token", "unknown_request").contains(reply.getString("reason_code")), reply.encode());
    assertErrorEmail(MailServers.OWNER, "review_tampered", "unknown request");
    assertStillPending(sent.requestId());
  }

  @Test
  void aTokenOfNoNotificationAndAMessageWithoutTokenAreUnknownRequests() {
    String unknown = TOKENS.issue(UUID.randomUUID(), Instant.now().plusSeconds(3600), MailServers.OWNER);
    JsonObject reply = inbound(MailServers.reply(MailServers.OWNER, "reply+" + unknown + "@replies.test",
        "Review requested: review_unknown (x)", "approved"));
    assertRejected(reply, "unknown_request", "unknown request: no notification matches the reply token");
    assertErrorEmail(MailServers.OWNER, "review_unknown", "unknown request: no notification matches");

    JsonObject noToken = inbound(MailServers.reply(MailServers.OWNER, MailServers.REPLY_MAILBOX,
        "Review requested: review_no_token (x)", "approved"));
    assertRejected(noToken, "unknown_request", "unknown request: the message was not sent to a reply address");
    assertErrorEmail(MailServers.OWNER, "review_no_token", "unknown request");
  }

  @Test
  void automaticMailIsIgnoredAndNeverAnswered() throws Exception {
    Sent sent = send("review_auto");
    MimeMessage vacation = MailServers.reply(MailServers.OWNER, sent.replyTo(), sent.email().getSubject(),
        "I am out of office until Monday.");
    vacation.setHeader("Auto-Submitted", "auto-replied");
    vacation.saveChanges();
    JsonObject reply = inbound(vacation);
    assertEquals("ignored", reply.getString("status"), reply.encode());
    assertEquals("automatic", reply.getString("reason_code"));
    assertEquals("skipped", reply.getString("confirmation_status"));
    Poll.sleep(Duration.ofMillis(500));
    assertEquals(0, mail.received(MailServers.OWNER, s -> s.contains("review_auto") && s.startsWith("Reply not")).size());
    assertStillPending(sent.requestId());
  }

  @Test
  void noAssigneeIsSkippedAndAnSmtpServerThatIsDownFailsWithItsError() {
    Map<String, String> settings = new HashMap<>(mail.settings());
    settings.remove("HITL_OWNER_EMAIL");
    settings.remove("HITL_IMAP_HOST");
    settings.put("HITL_SMTP_PORT", String.valueOf(FreePorts.next()));
    settings.put("HITL_EMAIL_MAX_ATTEMPTS", "2");
    settings.put("HITL_EMAIL_RETRY_BASE_SECONDS", "1");
    try (TestGateway other = TestGateway.start(TestDatabases.fresh(), settings)) {
      Caller caller = Caller.service(other.port());
      String id = create(caller, "review_nobody").getString("request_id");
      JsonObject skipped = expect(200, caller.get("/api/v1/email/notifications?request_id=" + id + "&status=skipped"))
          .getJsonArray("notifications").getJsonObject(0);
      assertEquals(EmailNotifications.NO_ASSIGNEE, skipped.getString("reason"));

      expect(200, caller.put(REQUESTS + "/" + id + "/assignment", new JsonObject().put("assigned_to_email", "alice@example.com")));
      JsonObject[] failed = new JsonObject[1];
      Poll.until(() -> {
        JsonArray rows = expect(200, caller.get("/api/v1/email/notifications?request_id=" + id + "&status=failed"))
            .getJsonArray("notifications");
        failed[0] = rows.isEmpty() ? null : rows.getJsonObject(0);
        return failed[0] != null;
      }, Duration.ofSeconds(30), () -> "not failed: " + caller.get("/api/v1/email/notifications?request_id=" + id).body());
      assertEquals("alice@example.com", failed[0].getString("email"));
      assertEquals(2, failed[0].getInteger("attempts"), failed[0].encode());
      assertTrue(failed[0].getString("reason").toLowerCase().contains("connection refused"), failed[0].encode());
      assertTrue(failed[0].getString("reason").endsWith("(after 2 attempts)"), failed[0].encode());
    }
  }

  @Test
  void switchedOffNotificationsAreSkippedWithTheReason() {
    Map<String, String> settings = new HashMap<>(mail.settings());
    settings.remove("HITL_IMAP_HOST");
    settings.put("HITL_EMAIL_ENABLED", "false");
    try (TestGateway other = TestGateway.start(TestDatabases.fresh(), settings)) {
      Caller caller = Caller.service(other.port());
      String id = create(caller, "review_switched_off").getString("request_id");
      JsonObject view = expect(200, caller.get("/api/v1/email/notifications?request_id=" + id));
      assertEquals(0, view.getJsonArray("notifications").size(), "no row per request when the deployment sends none");
      assertEquals(false, view.getJsonObject("email_notifications").getBoolean("on"));
      assertEquals(EmailNotifications.SWITCHED_OFF, view.getJsonObject("email_notifications").getString("reason"));
    }
  }

  @Test
  void theEmailNotificationsSettingTurnsNotificationsOffAndOn() {
    Caller caller = Caller.service(env.gateway().port());
    expect(200, caller.put("/api/v1/settings", new JsonObject().put("email_notifications", false)));
    try {
      String off = create(caller, "review_setting_off").getString("request_id");
      JsonObject skipped = expect(200, caller.get("/api/v1/email/notifications?request_id=" + off))
          .getJsonArray("notifications").getJsonObject(0);
      assertEquals("skipped", skipped.getString("status"));
      assertEquals(EmailNotifications.SETTING_OFF, skipped.getString("reason"));
    } finally {
      expect(200, caller.put("/api/v1/settings", new JsonObject().put("email_notifications", true)));
    }
    String on = create(caller, "review_setting_on").getString("request_id");
    JsonObject queued = expect(200, caller.get("/api/v1/email/notifications?request_id=" + on))
        .getJsonArray("notifications").getJsonObject(0);
    assertTrue(Set.of("pending", "sent").contains(queued.getString("status")), queued.encode());
  }

  @Test
  void withoutSmtpNotificationsAreSkippedAsNotConfigured() {
    Map<String, String> settings = new HashMap<>(mail.settings());
    settings.remove("HITL_IMAP_HOST");
    settings.remove("HITL_SMTP_HOST");
    try (TestGateway other = TestGateway.start(TestDatabases.fresh(), settings)) {
      Caller caller = Caller.service(other.port());
      String id = create(caller, "review_no_smtp").getString("request_id");
      JsonObject view = expect(200, caller.get("/api/v1/email/notifications?request_id=" + id));
      assertEquals(0, view.getJsonArray("notifications").size(), "no row per request when the deployment sends none");
      assertEquals(EmailNotifications.SMTP_NOT_CONFIGURED, view.getJsonObject("email_notifications").getString("reason"));
    }
  }
}
