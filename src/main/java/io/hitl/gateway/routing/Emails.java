package io.hitl.gateway.routing;

import java.util.Locale;
import java.util.regex.Pattern;

/** What counts as an assignee email, and its stored form. */
public final class Emails {

  /** Longest accepted address (RFC 5321 path limit). */
  public static final int MAX_LENGTH = 254;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)*");

  private Emails() {
  }

  /** True when {@code value} is a string that looks like {@code local@domain}. */
  public static boolean isEmail(Object value) {
    return value instanceof String s && s.length() <= MAX_LENGTH && EMAIL.matcher(s.trim()).matches();
  }

  /**
   * The stored form: trimmed and lower-cased, because principals' emails are lower-cased and
   * reviewers find their requests by equality.
   */
  public static String normalise(String email) {
    return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
  }
}
