package io.hitl.gateway.routing;

import java.util.regex.Pattern;

/**
 * A routing rule's method-name pattern (seed 001, "Matching Patterns"): {@code *} stands for any
 * characters (also none), {@code ?} for exactly one, every other character for itself. The
 * pattern must match the whole method name, case-sensitively.
 */
public final class MethodPattern {

  private final String glob;
  private final Pattern regex;

  private MethodPattern(String glob, Pattern regex) {
    this.glob = glob;
    this.regex = regex;
  }

  /** Compiles a pattern such as {@code approve_*}, {@code review_?} or {@code validate_payment}. */
  public static MethodPattern of(String glob) {
    StringBuilder regex = new StringBuilder(glob.length() + 16);
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < glob.length(); ) {
      int c = glob.codePointAt(i);
      i += Character.charCount(c);
      if (c == '*' || c == '?') {
        appendQuoted(regex, literal);
        regex.append(c == '*' ? "[\\s\\S]*" : "[\\s\\S]");
      } else {
        literal.appendCodePoint(c);
      }
    }
    appendQuoted(regex, literal);
    return new MethodPattern(glob, Pattern.compile(regex.toString()));
  }

  // Pattern.quote, not escaping by hand: \Q…\E also covers characters such as \ and $ safely.
  private static void appendQuoted(StringBuilder regex, StringBuilder literal) {
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
      literal.setLength(0);
    }
  }

  /** True when the whole {@code methodName} matches; a null name matches nothing. */
  public boolean matches(String methodName) {
    return methodName != null && regex.matcher(methodName).matches();
  }

  /** The pattern as written. */
  public String glob() {
    return glob;
  }

  @Override
  public String toString() {
    return glob;
  }
}
