package io.hitl.gateway.email;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.hitl.gateway.support.FreePorts;
import io.hitl.gateway.support.Poll;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Real SMTP and IMAP servers (GreenMail) for the email tests, on free ports, with the gateway's
 * reply mailbox, and helpers to read what the gateway sent and to write replies.
 */
final class MailServers implements AutoCloseable {

  static final String OWNER = "owner@example.com";
  static final String FROM = "hitl@gateway.test";
  static final String REPLY_MAILBOX = "reply@replies.test";
  static final String SECRET = "email-test-secret-0123456789-abcdef";

  final GreenMail greenMail;
  final int smtpPort;
  final int imapPort;
  private final GreenMailUser replyUser;

  MailServers() {
    smtpPort = FreePorts.next();
    imapPort = FreePorts.next();
    greenMail = new GreenMail(new ServerSetup[] {
        new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
        new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
    greenMail.start();
    replyUser = greenMail.setUser(REPLY_MAILBOX, "reply", "secret");
  }

  /** The gateway settings that send through these servers and read replies from the mailbox. */
  Map<String, String> settings() {
    Map<String, String> env = new HashMap<>();
    env.put("HITL_OWNER_EMAIL", OWNER);
    env.put("HITL_SECRET_KEY", SECRET);
    env.put("HITL_SMTP_HOST", "127.0.0.1");
    env.put("HITL_SMTP_PORT", String.valueOf(smtpPort));
    env.put("HITL_SMTP_TLS", "none");
    env.put("HITL_EMAIL_FROM", FROM);
    env.put("HITL_EMAIL_REPLY_ADDRESS", REPLY_MAILBOX);
    env.put("HITL_IMAP_HOST", "127.0.0.1");
    env.put("HITL_IMAP_PORT", String.valueOf(imapPort));
    env.put("HITL_IMAP_TLS", "none");
    env.put("HITL_IMAP_USER", "reply");
    env.put("HITL_IMAP_PASSWORD", "secret");
    env.put("HITL_IMAP_POLL_SECONDS", "1");
    env.put("HITL_TIMER_POLL_MS", "200");
    env.put("HITL_REVIEWER_KEYS", "manager@example.com:manage_human_feedback:manager-key-123,"
        + "alice@example.com:respond_to_human_feedback:alice-key-1234");
    return env;
  }

  /** Messages the gateway sent to {@code address} whose subject passes {@code subject}. */
  List<MimeMessage> received(String address, Predicate<String> subject) {
    List<MimeMessage> found = new ArrayList<>();
    for (MimeMessage m : greenMail.getReceivedMessages()) {
      try {
        Address[] to = m.getRecipients(Message.RecipientType.TO);
        if (to != null && Arrays.stream(to).anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(address))
            && subject.test(m.getSubject())) {
          found.add(m);
        }
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return found;
  }

  /** Waits for the one message to {@code address} whose subject contains {@code subjectPart}. */
  MimeMessage awaitOne(String address, String subjectPart) {
    Poll.until(() -> !received(address, s -> s.contains(subjectPart)).isEmpty(), Duration.ofSeconds(20),
        () -> "no email to " + address + " with '" + subjectPart + "' in its subject; received: " + subjects());
    List<MimeMessage> all = received(address, s -> s.contains(subjectPart));
    if (all.size() != 1) {
      throw new AssertionError(all.size() + " emails to " + address + " with '" + subjectPart + "'");
    }
    return all.get(0);
  }

  private List<String> subjects() {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : greenMail.getReceivedMessages()) {
      try {
        out.add(Arrays.toString(m.getRecipients(Message.RecipientType.TO)) + " " + m.getSubject());
      } catch (MessagingException e) {
        out.add(e.toString());
      }
    }
    return out;
  }

  /** The text of the part of {@code type} (text/plain, text/html) in a message. */
  static String part(MimeMessage message, String type) {
    try {
      return find(message.getContent(), message.getContentType(), type);
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String find(Object content, String contentType, String type) throws MessagingException, IOException {
    if (contentType.toLowerCase().startsWith(type)) {
      return String.valueOf(content);
    }
    if (content instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart p = multipart.getBodyPart(i);
        String found = find(p.getContent(), p.getContentType(), type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /**
   * A reply as a mail client writes it: the answer on the first line, then more text, a
   * signature and the quoted notification.
   */
  static MimeMessage reply(String from, String to, String subject, String firstLine) {
    try {
      MimeMessage reply = new MimeMessage(Session.getInstance(new Properties()));
      reply.setFrom(new InternetAddress(from));
      reply.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
      reply.setSubject("Re: " + subject);
      reply.setText(firstLine + "\nThanks for the clear summary.\n\n-- \nOwner Example\nHead of Review\n\n"
          + "On Mon, 3 Mar 2025 at 10:00, HITL <" + FROM + "> wrote:\n> Please review this article.\n> approved\n",
          "UTF-8");
      reply.saveChanges();
      return reply;
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Puts a message into the reply mailbox, as the mail server does with mail to reply+token@. */
  void deliverToReplyMailbox(MimeMessage message) {
    replyUser.deliver(message);
  }

  /** The raw RFC 822 bytes of a message. */
  static byte[] raw(MimeMessage message) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      message.writeTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Reply-To address of a notification. */
  static String replyTo(MimeMessage message) {
    try {
      Address[] replyTo = message.getReplyTo();
      return ((InternetAddress) replyTo[0]).getAddress();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
