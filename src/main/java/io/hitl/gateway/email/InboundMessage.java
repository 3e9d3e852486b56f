package io.hitl.gateway.email;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * What the gateway needs of an inbound email, parsed from its RFC 822 bytes with Jakarta Mail.
 * Blocking (MIME parsing): call on a worker thread.
 *
 * @param messageId the Message-ID, or a digest of the raw bytes when it has none, so that the
 *     same message is recognised when it comes again
 * @param from the sender's address, lower-cased; null when there is no usable From
 * @param recipients every address the message was sent to (To, Cc, Delivered-To, X-Original-To…)
 * @param automatic true for auto-replies, bounces and other machine-sent mail
 * @param body the plain-text body (HTML reduced to text when there is no plain part)
 */
record InboundMessage(String messageId, String from, List<String> recipients, String subject, boolean automatic,
    String body) {

  private static final Session SESSION = Session.getInstance(new Properties());
  private static final String[] ENVELOPE_HEADERS = {"Delivered-To", "X-Original-To", "Envelope-To", "X-Forwarded-To"};

  /** Parses a message; throws {@link IllegalArgumentException} when it is not one. */
  static InboundMessage parse(byte[] raw) {
    try {
      MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
      String messageId = message.getMessageID();
      if (messageId == null || messageId.isBlank()) {
        messageId = "<sha256-" + sha256(raw) + "@hitl.invalid>";
      }
      String from = sender(message);
      List<String> recipients = new ArrayList<>();
      addAll(recipients, safeRecipients(message, jakarta.mail.Message.RecipientType.TO));
      addAll(recipients, safeRecipients(message, jakarta.mail.Message.RecipientType.CC));
      for (String header : ENVELOPE_HEADERS) {
        String[] values = message.getHeader(header);
        if (values != null) {
          for (String value : values) {
            recipients.addAll(parseAddresses(value));
          }
        }
      }
      String subject = message.getSubject();
      boolean automatic = isAutomatic(message, from);
      return new InboundMessage(messageId.strip(), from, recipients, subject == null ? "" : subject, automatic,
          text(message));
    } catch (MessagingException | IOException e) {
      throw new IllegalArgumentException("not a readable RFC 822 message: " + e.getMessage(), e);
    }
  }

  private static String sender(MimeMessage message) throws MessagingException {
    Address[] from;
    try {
      from = message.getFrom();
    } catch (AddressException e) {
      return null;
    }
    if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress address) || address.getAddress() == null) {
      return null;
    }
    return address.getAddress().trim().toLowerCase(Locale.ROOT);
  }

  private static Address[] safeRecipients(MimeMessage message, jakarta.mail.Message.RecipientType type)
      throws MessagingException {
    try {
      return message.getRecipients(type);
    } catch (AddressException e) {
      return null;
    }
  }

  private static void addAll(List<String> out, Address[] addresses) {
    if (addresses != null) {
      for (Address a : addresses) {
        if (a instanceof InternetAddress ia && ia.getAddress() != null) {
          out.add(ia.getAddress());
        }
      }
    }
  }

  private static List<String> parseAddresses(String header) {
    List<String> out = new ArrayList<>();
    try {
      addAll(out, InternetAddress.parseHeader(header, false));
    } catch (AddressException e) {
      // an unreadable envelope header adds nothing
    }
    return out;
  }

  /** RFC 3834 Auto-Submitted, bounces from mailer daemons, and the common auto-responder marks. */
  private static boolean isAutomatic(MimeMessage message, String from) throws MessagingException {
    String autoSubmitted = message.getHeader("Auto-Submitted", ",");
    if (autoSubmitted != null && !autoSubmitted.trim().toLowerCase(Locale.ROOT).startsWith("no")) {
      return true;
    }
    if (message.getHeader("X-Autoreply") != null || message.getHeader("X-Autorespond") != null) {
      return true;
    }
    String precedence = message.getHeader("Precedence", ",");
    if (precedence != null && precedence.toLowerCase(Locale.ROOT).matches(".*(bulk|junk|list|auto_reply).*")) {
      return true;
    }
    if (from == null) {
      return false;
    }
    String local = from.substring(0, Math.max(0, from.indexOf('@')));
    return local.equals("mailer-daemon") || local.equals("postmaster");
  }

  private static String text(Part message) throws MessagingException, IOException {
    String plain = find(message, "text/plain");
    if (plain != null) {
      return plain;
    }
    String html = find(message, "text/html");
    return html == null ? "" : htmlToText(html);
  }

  /** The content of the first non-attachment part of {@code type}, depth first. */
  private static String find(Part part, String type) throws MessagingException, IOException {
    if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
      return null;
    }
    if (part.isMimeType(type)) {
      return String.valueOf(part.getContent());
    }
    if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        String text = find(multipart.getBodyPart(i), type);
        if (text != null) {
          return text;
        }
      }
    }
    return null;
  }

  /** Enough of HTML to find the first line: block ends become line breaks, quotes are cut. */
  static String htmlToText(String html) {
    String s = html.replaceAll("(?is)<(script|style|head)[^>]*>.*?</\\1>", "")
        .replaceAll("(?is)<blockquote.*", "\n> ")
        .replaceAll("(?i)<br\\s*/?>", "\n")
        .replaceAll("(?i)</(p|div|li|h[1-6]|tr)>", "\n")
        .replaceAll("<[^>]*>", "");
    return s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
        .replace("&#39;", "'").replace("&amp;", "&");
  }

  private static String sha256(byte[] raw) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** For logs: the message without its body. */
  @Override
  public String toString() {
    return "InboundMessage[" + messageId + " from " + from + ", subject=" + subject + "]";
  }
}
