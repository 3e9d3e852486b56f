package io.hitl.gateway.email;

import java.util.Collection;
import java.util.Locale;

/**
 * The plus-addressed reply mailbox: {@code reply@hitl.example.com} becomes
 * {@code reply+<token>@hitl.example.com} in a notification's Reply-To, and a reply's recipients
 * give the token back.
 */
public final class ReplyAddress {

  private final String local;
  private final String domain;

  /** @param mailbox the configured {@code HITL_EMAIL_REPLY_ADDRESS} */
  public ReplyAddress(String mailbox) {
    int at = mailbox.lastIndexOf('@');
    this.local = mailbox.substring(0, at).toLowerCase(Locale.ROOT);
    this.domain = mailbox.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  /** The address replies to one notification go to. */
  public String withToken(String token) {
    return local + "+" + token + "@" + domain;
  }

  /** The token of the first recipient that is this mailbox with a tag, or null. */
  public String tokenIn(Collection<String> recipients) {
    String prefix = local + "+";
    String suffix = "@" + domain;
    for (String recipient : recipients) {
      String address = recipient.trim().toLowerCase(Locale.ROOT);
      if (address.startsWith(prefix) && address.endsWith(suffix) && address.length() > prefix.length() + suffix.length()) {
        return address.substring(prefix.length(), address.length() - suffix.length());
      }
    }
    return null;
  }
}
