package io.hitl.gateway.email;

import io.hitl.gateway.config.EmailConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;

/** Sends messages over the configured SMTP server and says which failures are worth a retry. */
final class MailSender {

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private final MailClient client;

  MailSender(Vertx vertx, EmailConfig config) {
    MailConfig mail = new MailConfig()
        .setHostname(config.smtpHost().orElse("localhost"))
        .setPort(config.smtpPort())
        .setSsl(EmailConfig.TLS_IMPLICIT.equals(config.smtpTls()))
        .setStarttls(EmailConfig.TLS_STARTTLS.equals(config.smtpTls()) ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
        .setLogin(config.smtpUser().isPresent() ? LoginOption.REQUIRED : LoginOption.DISABLED)
        .setKeepAlive(true)
        .setMaxPoolSize(4);
    mail.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    config.smtpUser().ifPresent(mail::setUsername);
    config.smtpPassword().ifPresent(mail::setPassword);
    this.client = MailClient.create(vertx, mail);
  }

  /** Sends one message; the result is the Message-ID it was given. */
  Future<String> send(MailMessage message) {
    return client.sendMail(message).map(result -> result.getMessageID());
  }

  /** True for a failure that may go away (connection trouble, 4xx replies); false for 5xx. */
  static boolean isTransient(Throwable failure) {
    return !(failure instanceof SMTPException smtp) || !smtp.isPermanent();
  }

  /** The failure in words, for the troubleshooting view. */
  static String describe(Throwable failure) {
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    return failure instanceof SMTPException smtp ? "SMTP " + smtp.getReplyCode() + ": " + message : message;
  }

  Future<Void> close() {
    return client.close();
  }
}
