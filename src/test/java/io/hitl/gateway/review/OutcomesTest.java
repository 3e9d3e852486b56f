package io.hitl.gateway.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;

class OutcomesTest {

  private static final JsonArray EMIT = new JsonArray().add("approved").add("rejected").add("needs_revision");

  @Test
  void firstLineMatchesAnOptionIgnoringCaseSpacesAndSeparators() {
    assertEquals("approved", Outcomes.of("Approved", null, EMIT, null));
    assertEquals("approved", Outcomes.of("  APPROVED.  \nLooks great, ship it", null, EMIT, null));
    assertEquals("needs_revision", Outcomes.of("\n\nNeeds revision!\nfix the title", null, EMIT, null));
    assertEquals("needs_revision", Outcomes.of("needs-revision", null, EMIT, null));
  }

  @Test
  void theLeadOfTheFirstLineUpToPunctuationCountsToo() {
    assertEquals("approved", Outcomes.of("Approved. Great article!", null, EMIT, null));
    assertEquals("rejected", Outcomes.of("Rejected: off brand", null, EMIT, null));
    assertEquals("needs_revision", Outcomes.of("needs revision, see comments", null, EMIT, null));
    assertNull(Outcomes.of("Not approved. Sorry", null, EMIT, null));
  }

  @Test
  void freeFormFeedbackTakesTheDefaultOutcomeOrNone() {
    assertEquals("rejected", Outcomes.of("I am not sure about this", null, EMIT, "rejected"));
    assertNull(Outcomes.of("I am not sure about this", null, EMIT, null));
    assertNull(Outcomes.of("approved with changes", null, EMIT, null), "only a whole first line matches");
    assertNull(Outcomes.of("", null, EMIT, null));
  }

  @Test
  void crewTasksWithoutOptionsTakeTheirOutcomeFromIsApprove() {
    assertEquals("approved", Outcomes.of("fine", true, null, null));
    assertEquals("rejected", Outcomes.of("redo it", false, null, null));
    assertNull(Outcomes.of("fine", null, null, null));
  }
}
