package io.hitl.gateway.email;

import io.hitl.gateway.review.HumanInputRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.mail.MailMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The email that asks an assignee for feedback: the message and the output (Markdown, rendered to
 * HTML with a plain-text alternative), the emit options, the flow state as context, and a
 * Reply-To that carries the reply token.
 */
final class NotificationMail {

  private NotificationMail() {
  }

  /**
   * @param replyTo the tokenised reply address, or null when replies by email are not set up
   */
  static MailMessage compose(String from, String to, HumanInputRequest request, String replyTo, Instant tokenExpiry) {
    MailMessage mail = new MailMessage().setFrom(from).setTo(to).setSubject(subject(request))
        .setText(text(request, replyTo != null, tokenExpiry)).setHtml(html(request, replyTo != null, tokenExpiry));
    if (replyTo != null) {
      mail.addHeader("Reply-To", replyTo);
    }
    // RFC 3834: marks the message as machine-sent so that auto-responders stay quiet.
    mail.addHeader("Auto-Submitted", "auto-generated");
    mail.addHeader("X-HITL-Request-Id", request.requestId());
    return mail;
  }

  static String subject(HumanInputRequest request) {
    return "Review requested: " + oneLine(request.taskId()) + " (" + oneLine(request.executionId()) + ")";
  }

  private static List<String> options(HumanInputRequest request) {
    List<String> options = new ArrayList<>();
    JsonArray emit = request.emit();
    if (emit != null) {
      emit.forEach(o -> options.add(String.valueOf(o)));
    }
    return options;
  }

  private static String instructions(HumanInputRequest request, boolean canReply) {
    if (!canReply) {
      return "Replying by email is not set up for this gateway: please answer in the dashboard or through the API.";
    }
    List<String> options = options(request);
    return options.isEmpty()
        ? "Reply to this email: the first line of your reply is recorded as your feedback."
        : "Reply to this email starting with one of: " + String.join(", ", options)
            + ". The first line of your reply is recorded as your feedback.";
  }

  private static String text(HumanInputRequest request, boolean canReply, Instant tokenExpiry) {
    StringBuilder text = new StringBuilder();
    text.append(nullToEmpty(request.prompt())).append("\n\n");
    if (request.context() != null && !request.context().isBlank()) {
      text.append("----- Output -----\n").append(request.context()).append("\n\n");
    }
    List<String> options = options(request);
    if (!options.isEmpty()) {
      text.append("Options: ").append(String.join(" | ", options)).append("\n\n");
    }
    text.append(instructions(request, canReply)).append('\n');
    if (canReply) {
      text.append("This reply address is valid until ").append(tokenExpiry).append(".\n");
    }
    if (request.state() != null && !request.state().isEmpty()) {
      text.append("\n----- Context -----\n").append(request.state().encodePrettily()).append('\n');
    }
    text.append("\nRequest ").append(request.requestId()).append(", flow ").append(request.executionId())
        .append(", method ").append(request.taskId()).append('\n');
    return text.toString();
  }

  private static String html(HumanInputRequest request, boolean canReply, Instant tokenExpiry) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
    html.append("<div class=\"message\">").append(MarkdownHtml.render(request.prompt())).append("</div>");
    if (request.context() != null && !request.context().isBlank()) {
      html.append("<h3>Output</h3><div class=\"output\" style=\"border-left:3px solid #ccc;padding-left:1em\">")
          .append(MarkdownHtml.render(request.context())).append("</div>");
    }
    List<String> options = options(request);
    if (!options.isEmpty()) {
      html.append("<h3>Options</h3><ul class=\"emit\">");
      options.forEach(o -> html.append("<li><b>").append(MarkdownHtml.escape(o)).append("</b></li>"));
      html.append("</ul>");
    }
    html.append("<p>").append(MarkdownHtml.escape(instructions(request, canReply))).append("</p>");
    if (canReply) {
      html.append("<p style=\"color:#666\">This reply address is valid until ")
          .append(MarkdownHtml.escape(tokenExpiry.toString())).append(".</p>");
    }
    if (request.state() != null && !request.state().isEmpty()) {
      html.append("<h3>Context</h3><pre class=\"context\">").append(MarkdownHtml.escape(request.state().encodePrettily()))
          .append("</pre>");
    }
    html.append("<p style=\"color:#666;font-size:small\">Request ").append(MarkdownHtml.escape(request.requestId()))
        .append(", flow ").append(MarkdownHtml.escape(request.executionId())).append(", method ")
        .append(MarkdownHtml.escape(request.taskId())).append("</p></body></html>");
    return html.toString();
  }

  private static String oneLine(String text) {
    String t = nullToEmpty(text).replaceAll("[\\r\\n]+", " ").strip();
    return t.length() > 120 ? t.substring(0, 120) + "…" : t;
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
