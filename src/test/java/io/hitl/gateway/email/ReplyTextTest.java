package io.hitl.gateway.email;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReplyTextTest {

  @Test
  void theFirstLineAboveAGmailAttribution() {
    assertEquals("Approved, ship it.", ReplyText.firstLine(
        "Approved, ship it.\nThe second paragraph.\n\nOn Mon, 3 Mar 2025 at 10:00, HITL <hitl@example.com> wrote:\n> Review requested\n"));
  }

  @Test
  void leadingBlankLinesAreSkipped() {
    assertEquals("rejected", ReplyText.firstLine("\r\n  \r\n  rejected  \r\nbecause\r\n"));
  }

  @Test
  void aWrappedAttributionEndsTheNewText() {
    assertEquals("", ReplyText.firstLine("On Mon, 3 Mar 2025 at 10:00, Very Long Name\n<hitl@example.com> wrote:\n> approved\n"));
  }

  @Test
  void quotedLinesEndTheNewText() {
    assertEquals("", ReplyText.firstLine("> approved\n> more"));
    assertEquals("", ReplyText.firstLine("\n\n>approved"));
  }

  @Test
  void outlookHeaderBlocksAndOriginalMessageMarkers() {
    assertEquals("", ReplyText.firstLine("-----Original Message-----\nFrom: HITL\napproved"));
    assertEquals("", ReplyText.firstLine("From: HITL <hitl@example.com>\nSent: Monday\nSubject: Review\n\napproved"));
    assertEquals("request_changes", ReplyText.firstLine("request_changes\n________________________________\nFrom: x"));
  }

  @Test
  void theSignatureDelimiterCutsTheText() {
    assertEquals("", ReplyText.firstLine("-- \nAlice\napproved"));
    assertEquals("approved", ReplyText.firstLine("approved\n-- \nAlice Example\nACME"));
  }

  @Test
  void emptyAndNull() {
    assertEquals("", ReplyText.firstLine(null));
    assertEquals("", ReplyText.firstLine(""));
  }

  @Test
  void htmlBodiesBecomeLines() {
    assertEquals("Approved", ReplyText.firstLine(InboundMessage.htmlToText(
        "<html><body><div>Approved</div><div>thanks</div><blockquote>approved earlier</blockquote></body></html>")));
    assertEquals("a < b & c", ReplyText.firstLine(InboundMessage.htmlToText("<p>a &lt; b &amp; c</p>")));
  }
}
