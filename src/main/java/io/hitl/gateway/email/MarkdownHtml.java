package io.hitl.gateway.email;

import java.util.List;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown to HTML for email bodies. The text comes from an AI model, so raw HTML in it is
 * escaped rather than passed through, and link and image URLs other than http(s) and mailto are
 * dropped.
 */
final class MarkdownHtml {

  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true)
      .sanitizeUrls(true).urlSanitizer(new DefaultUrlSanitizer(List.of("http", "https", "mailto"))).build();

  private MarkdownHtml() {
  }

  static String render(String markdown) {
    return markdown == null || markdown.isBlank() ? "" : RENDERER.render(PARSER.parse(markdown));
  }

  /** Text escaped for HTML element content and attribute values. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
