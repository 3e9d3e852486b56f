package io.hitl.gateway.review;

import io.vertx.core.json.JsonArray;
import java.util.Locale;

/**
 * Turns feedback into an outcome, deterministically: the feedback's first non-blank line, or else
 * that line's lead up to its first {@code . ! ? : ; ,} (so "Approved. Great article!" and
 * "Rejected: off brand" count), is compared with each {@code emit} option after both are
 * normalised (lower case; whitespace, {@code _} and {@code -} removed; trailing {@code .} and
 * {@code !} dropped). The first option that matches is the outcome; "approved with changes"
 * matches nothing. No match means free-form feedback, whose outcome is the request's
 * {@code default_outcome}, or null when it has none. A request without {@code emit} (a crew
 * task) answered with {@code is_approve} has the outcome {@code approved} or {@code rejected}.
 */
public final class Outcomes {

  /** The outcome of an approved crew task. */
  public static final String APPROVED = "approved";
  /** The outcome of a rejected crew task. */
  public static final String REJECTED = "rejected";

  private Outcomes() {
  }

  /** The outcome of an answer to a request with these options. */
  public static String of(String feedback, Boolean isApprove, JsonArray emit, String defaultOutcome) {
    if (emit == null || emit.isEmpty()) {
      return isApprove == null ? defaultOutcome : isApprove ? APPROVED : REJECTED;
    }
    String line = firstLine(feedback);
    String match = option(normalise(line), emit);
    if (match == null) {
      match = option(normalise(line.split("[.!?:;,]", 2)[0]), emit);
    }
    return match != null ? match : defaultOutcome;
  }

  private static String option(String normalised, JsonArray emit) {
    if (normalised.isEmpty()) {
      return null;
    }
    for (Object option : emit) {
      if (option instanceof String s && normalise(s).equals(normalised)) {
        return s;
      }
    }
    return null;
  }

  /** True when {@code value} is one of the options, exactly. */
  public static boolean isOption(JsonArray emit, String value) {
    return emit != null && emit.contains(value);
  }

  static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    for (String line : text.split("\\R")) {
      if (!line.isBlank()) {
        return line.trim();
      }
    }
    return "";
  }

  static String normalise(String text) {
    String s = text.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]+", "");
    return s.replaceAll("[.!]+$", "");
  }
}
