package io.hitl.gateway.email;

import static io.hitl.gateway.support.Caller.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.Caller;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.Poll;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The email channel end to end against real SMTP and IMAP servers (GreenMail): a flow request
 * goes out as an email to its assignee, the assignee's reply comes back (through IMAP, and through
 * the HTTP endpoint for forwarding providers), completes the request with source {@code email},
 * and a confirmation arrives.
 */
class EmailRoundTripIT {

  static final String REQUESTS = "/api/v1/human-input-requests";
  static final MailServers mail = new MailServers();

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

  static JsonObject createFlowRequest(String method) {
    return expect(201, service().post(REQUESTS, new JsonObject()
        .put("flow_id", "flow-" + UUID.randomUUID())
        .put("method_name", method)
        .put("message", "Please review this **article** for publication.")
        .put("output", "# Launch post\n\nBody with *emphasis*.\n\n<script>alert('x')</script>\n\n[evil](javascript:alert(1))")
        .put("emit", new JsonArray().add("approved").add("rejected"))
        .put("state", new JsonObject().put("article_id", 12345))));
  }

  static HttpResponse<String> postRaw(String credential, String contentType, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(env.gateway().url("/api/v1/email/inbound")))
        .header("Authorization", "Bearer " + credential).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    return TestGateway.send(request);
  }

  static JsonObject awaitCompleted(String requestId) {
    JsonObject[] latest = new JsonObject[1];
    Poll.until(() -> {
      latest[0] = expect(200, service().get(REQUESTS + "/" + requestId));
      return "completed".equals(latest[0].getString("status"));
    }, Duration.ofSeconds(20), () -> "request not completed: " + latest[0].encode()
        + " replies: " + service().get("/api/v1/email/replies?request_id=" + requestId).body());
    return latest[0];
  }

  @Test
  void aNotificationGoesOutAndAnImapReplyCompletesTheRequest() throws Exception {
    JsonObject created = createFlowRequest("review_imap");
    String id = created.getString("request_id");
    assertEquals(MailServers.OWNER, created.getString("assigned_to_email"));

    MimeMessage notification = mail.awaitOne(MailServers.OWNER, "review_imap");
    assertEquals(MailServers.FROM, notification.getFrom()[0].toString());
    String replyTo = notification.getHeader("Reply-To", ",");
    assertNotNull(replyTo, "the notification carries a Reply-To");
    assertTrue(replyTo.matches("reply\\+[a-z2-7]{50}@replies\\.test"), replyTo);
    assertTrue(replyTo.substring(0, replyTo.indexOf('@')).length() <= 64);

    String html = MailServers.part(notification, "text/html");
    String text = MailServers.part(notification, "text/plain");
    assertNotNull(html, "an HTML part");
    assertNotNull(text, "a plain-text part");
    assertTrue(html.contains("<h1>Launch post</h1>"), html);
    assertTrue(html.contains("<em>emphasis</em>"), html);
    assertTrue(html.contains("<strong>article</strong>"), html);
    assertFalse(html.contains("<script>"), "raw HTML from the output is escaped: " + html);
    assertTrue(html.contains("&lt;script&gt;"), html);
    assertFalse(html.contains("javascript:"), "unsafe link targets are dropped: " + html);
    assertTrue(html.contains("approved") && html.contains("rejected"), "the emit options: " + html);
    assertTrue(html.contains("12345"), "the context (flow state): " + html);
    assertTrue(text.contains("Please review this **article** for publication."), text);
    assertTrue(text.contains("approved | rejected"), text);
    assertTrue(text.contains("\"article_id\" : 12345"), text);

    JsonObject sent = expect(200, service().get("/api/v1/email/notifications?request_id=" + id))
        .getJsonArray("notifications").getJsonObject(0);
    assertEquals("sent", sent.getString("status"), sent.encode());
    assertEquals(MailServers.OWNER, sent.getString("email"));
    assertNotNull(sent.getString("message_id"));
    assertNotNull(sent.getString("token_expires_at"));

    mail.deliverToReplyMailbox(MailServers.reply(MailServers.OWNER, replyTo, notification.getSubject(), "Approved"));

    JsonObject done = awaitCompleted(id);
    assertEquals("email", done.getString("source"));
    assertEquals(MailServers.OWNER, done.getString("responder"));
    assertEquals("approved", done.getString("outcome"));
    assertEquals("Approved", done.getString("human_feedback"), "the first line, without quote or signature");

    MimeMessage confirmation = mail.awaitOne(MailServers.OWNER, "Feedback recorded");
    assertTrue(MailServers.part(confirmation, "text/plain").contains("outcome approved"));
    JsonObject reply = expect(200, service().get("/api/v1/email/replies?request_id=" + id)).getJsonArray("replies")
        .getJsonObject(0);
    assertEquals("accepted", reply.getString("status"), reply.encode());
    assertEquals("imap", reply.getString("channel"));
    assertEquals(MailServers.OWNER, reply.getString("from"));
    assertEquals(sent.getString("notification_id"), reply.getString("notification_id"));
    Poll.until(() -> "sent".equals(expect(200, service().get("/api/v1/email/replies?request_id=" + id))
        .getJsonArray("replies").getJsonObject(0).getString("confirmation_status")), Duration.ofSeconds(10),
        () -> "confirmation not recorded as sent");

    JsonObject events = expect(200, service().get("/poll/human-input/" + created.getString("flow_id") + "?timeout=0"));
    assertTrue(events.encode().contains("human_input_completed"), events.encode());
  }

  @Test
  void aReplyForwardedToTheHttpEndpointCompletesTheRequestOnce() throws Exception {
    String id = createFlowRequest("review_http").getString("request_id");
    MimeMessage notification = mail.awaitOne(MailServers.OWNER, "review_http");
    MimeMessage answer = MailServers.reply("Owner@Example.com", notification.getHeader("Reply-To", ","),
        notification.getSubject(), "rejected: the intro needs work");
    byte[] raw = MailServers.raw(answer);

    JsonObject reply = expect(200, postRaw(TestGateway.API_KEY, "message/rfc822", raw)).getJsonObject("reply");
    assertEquals("accepted", reply.getString("status"), reply.encode());
    assertEquals("http", reply.getString("channel"));
    assertEquals("rejected", reply.getString("outcome"));
    assertEquals("sent", reply.getString("confirmation_status"));

    JsonObject done = expect(200, service().get(REQUESTS + "/" + id));
    assertEquals("completed", done.getString("status"));
    assertEquals("email", done.getString("source"));
    assertEquals(MailServers.OWNER, done.getString("responder"));
    assertEquals("rejected", done.getString("outcome"));
    assertEquals("rejected: the intro needs work", done.getString("human_feedback"));
    mail.awaitOne(MailServers.OWNER, "Feedback recorded: Review requested: review_http");

    JsonObject again = expect(200, postRaw(TestGateway.API_KEY, "message/rfc822", raw)).getJsonObject("reply");
    assertEquals(reply.getString("reply_id"), again.getString("reply_id"), "the same message is processed once");
    Poll.sleep(Duration.ofMillis(500));
    assertEquals(1, mail.received(MailServers.OWNER, s -> s.startsWith("Feedback recorded: Review requested: review_http"))
        .size(), "and answered once");
  }

  @Test
  void theInboundEndpointTakesOnlyRawMessagesFromDeploymentKeys() {
    byte[] raw = MailServers.raw(MailServers.reply(MailServers.OWNER, "reply+x@replies.test", "x", "approved"));
    assertEquals(403, postRaw("manager-key-123", "message/rfc822", raw).statusCode(), "a manager is not the deployment");
    assertEquals(401, postRaw("no-such-key-000", "message/rfc822", raw).statusCode());
    assertEquals(415, postRaw(TestGateway.API_KEY, "application/json", "{}".getBytes()).statusCode());
    assertEquals(400, postRaw(TestGateway.API_KEY, "message/rfc822", new byte[0]).statusCode());
  }

  @Test
  void theTroubleshootingViewsNeedTheManagePermission() {
    Caller manager = new Caller(env.gateway().port(), "manager-key-123");
    Caller alice = new Caller(env.gateway().port(), "alice-key-1234");
    expect(200, manager.get("/api/v1/email/notifications?status=sent"));
    expect(200, manager.get("/api/v1/email/replies?status=rejected"));
    assertEquals(403, alice.get("/api/v1/email/notifications").statusCode());
    assertEquals(403, alice.get("/api/v1/email/replies").statusCode());
    assertEquals(400, manager.get("/api/v1/email/notifications?status=lost").statusCode());
    assertEquals(400, manager.get("/api/v1/email/replies?request_id=nope").statusCode());
  }
}
