package io.hitl.gateway.email;

import java.util.regex.Pattern;

/**
 * The reviewer's own words in a reply: the first non-blank line above the quoted history and the
 * signature. No maintained Java port of an email-reply parser is available to this build, so
 * this covers the forms common mail clients write: {@code On … wrote:} (also wrapped over two
 * lines), Outlook's {@code -----Original Message-----} and {@code From:} header blocks,
 * {@code >} quoting, and the {@code -- } signature delimiter.
 */
final class ReplyText {

  private static final Pattern ON_WROTE = Pattern.compile("(?i)^\\s*on\\b.*\\bwrote:\\s*$");
  private static final Pattern ON_START = Pattern.compile("(?i)^\\s*on\\b.*");
  private static final Pattern ORIGINAL = Pattern.compile("(?i)^\\s*-{2,}\\s*original message\\s*-{2,}\\s*$");
  private static final Pattern FORWARDED = Pattern.compile("(?i)^\\s*-{2,}\\s*forwarded message\\s*-{2,}\\s*$");
  private static final Pattern HEADER_FROM = Pattern.compile("(?i)^\\s*\\*?from:\\*?\\s.*");
  private static final Pattern UNDERSCORES = Pattern.compile("^\\s*_{10,}\\s*$");
  private static final Pattern SIGNATURE = Pattern.compile("^--\\s?$");

  private ReplyText() {
  }

  /** The first line of the reply's new text, trimmed; empty when there is none. */
  static String firstLine(String body) {
    String text = newText(body);
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        return line.strip();
      }
    }
    return "";
  }

  /** The text above the first quoted-history or signature marker. */
  static String newText(String body) {
    if (body == null) {
      return "";
    }
    String[] lines = body.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    StringBuilder kept = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (endsNewText(line) || wrappedOnWrote(lines, i)) {
        break;
      }
      kept.append(line).append('\n');
    }
    return kept.toString();
  }

  private static boolean endsNewText(String line) {
    return line.stripLeading().startsWith(">") || ON_WROTE.matcher(line).matches() || ORIGINAL.matcher(line).matches()
        || FORWARDED.matcher(line).matches() || HEADER_FROM.matcher(line).matches()
        || UNDERSCORES.matcher(line).matches() || SIGNATURE.matcher(line).matches();
  }

  /** Gmail wraps long attributions: "On Mon, … Alice" / "&lt;alice@example.com&gt; wrote:". */
  private static boolean wrappedOnWrote(String[] lines, int i) {
    return i + 1 < lines.length && ON_START.matcher(lines[i]).matches()
        && lines[i + 1].trim().toLowerCase(java.util.Locale.ROOT).endsWith("wrote:");
  }
}
