package io.hitl.gateway.email;

import io.vertx.ext.mail.MailMessage;

/**
 * The answer to a processed reply: a confirmation that the feedback was recorded, or an error
 * that says exactly why it was not. Both are marked auto-replied so that they never start a loop
 * with another robot.
 */
final class ResultMail {

  private ResultMail() {
  }

  static MailMessage accepted(String from, String to, String inReplyTo, String subject, String methodName,
      String requestId, String feedback, String outcome) {
    String text = "Your feedback on " + methodName + " was recorded"
        + (outcome == null ? "" : ": outcome " + outcome) + ".\n\nFeedback: " + feedback + "\n\nRequest " + requestId + "\n";
    String html = "<!DOCTYPE html><html><body style=\"font-family:sans-serif\"><p>Your feedback on <b>"
        + MarkdownHtml.escape(methodName) + "</b> was recorded"
        + (outcome == null ? "" : ": outcome <b>" + MarkdownHtml.escape(outcome) + "</b>") + ".</p><p>Feedback: "
        + MarkdownHtml.escape(feedback) + "</p><p style=\"color:#666;font-size:small\">Request "
        + MarkdownHtml.escape(requestId) + "</p></body></html>";
    return message(from, to, inReplyTo, "Feedback recorded: " + reSubject(subject), text, html);
  }

  static MailMessage rejected(String from, String to, String inReplyTo, String subject, String reason) {
    String text = "Your reply could not be recorded.\n\nReason: " + reason + "\n";
    String html = "<!DOCTYPE html><html><body style=\"font-family:sans-serif\"><p>Your reply could not be recorded.</p>"
        + "<p>Reason: " + MarkdownHtml.escape(reason) + "</p></body></html>";
    return message(from, to, inReplyTo, "Reply not recorded: " + reSubject(subject), text, html);
  }

  private static MailMessage message(String from, String to, String inReplyTo, String subject, String text, String html) {
    MailMessage mail = new MailMessage().setFrom(from).setTo(to).setSubject(subject).setText(text).setHtml(html);
    mail.addHeader("Auto-Submitted", "auto-replied");
    if (inReplyTo != null && !inReplyTo.isBlank()) {
      mail.addHeader("In-Reply-To", inReplyTo);
      mail.addHeader("References", inReplyTo);
    }
    return mail;
  }

  private static String reSubject(String subject) {
    String s = subject == null ? "" : subject.replaceAll("[\\r\\n]+", " ").strip();
    s = s.replaceFirst("(?i)^(re|aw|sv|antw):\\s*", "");
    return s.length() > 150 ? s.substring(0, 150) + "…" : s;
  }
}
