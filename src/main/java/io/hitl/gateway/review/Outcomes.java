package io.hitl.gateway.review;

import io.vertx.core.json.JsonArray;
import java.util.Locale;

/**
 * Turns feedback into an outcome, deterministically: the feedback's first non-blank line is
 * compared with each {@code emit} option after both are normalised (lower case; whitespace,
 * {@code _} and {@code -} removed; trailing {@code .} and {@code !} dropped). The first option
 * that matches is the outcome. No match means free-form feedback, whose outcome is the request's
 * {@code default_outcome}, or null when it has none.
 */
public final class Outcomes {

  private Outcomes() {
  }

  /** The outcome of {@code feedback} for a request with these options. */
  public static String of(String feedback, JsonArray emit, String defaultOutcome) {
    if (emit == null || emit.isEmpty()) {
      return defaultOutcome;
    }
    String first = normalise(firstLine(feedback));
    if (!first.isEmpty()) {
      for (Object option : emit) {
        if (option instanceof String s && normalise(s).equals(first)) {
          return s;
        }
      }
    }
    return defaultOutcome;
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
