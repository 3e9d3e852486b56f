package io.hitl.gateway.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class CelConditionTest {

  @Test
  void comparesNumericInputsWhateverTheirJsonNumberType() {
    CelCondition condition = CelCondition.compile("inputs.amount > 1000");
    assertTrue(condition.requiresReview(new JsonObject().put("amount", 1500), "out"));
    assertFalse(condition.requiresReview(new JsonObject().put("amount", 200), "out"));
    assertTrue(condition.requiresReview(new JsonObject().put("amount", 1000.5), "out"));
    assertTrue(condition.requiresReview(new JsonObject().put("amount", 3_000_000_000L), "out"), "a long input compares too");
  }

  @Test
  void seesTheTaskOutputAndNestedInputs() {
    assertTrue(CelCondition.compile("output.contains('refund')").requiresReview(new JsonObject(), "issue a refund"));
    assertFalse(CelCondition.compile("output.contains('refund')").requiresReview(new JsonObject(), "all good"));
    assertTrue(CelCondition.compile("inputs.customer.tier == 'gold' && size(inputs.items) > 1")
        .requiresReview(new JsonObject("{\"customer\":{\"tier\":\"gold\"},\"items\":[1,2]}"), ""));
  }

  @Test
  void invalidOrNonBooleanExpressionsAreRefusedWhenCompiled() {
    assertThrows(IllegalArgumentException.class, () -> CelCondition.compile("inputs.amount >"));
    assertThrows(IllegalArgumentException.class, () -> CelCondition.compile("output + 'x'"));
    assertThrows(IllegalArgumentException.class, () -> CelCondition.compile("unknown_variable > 1"));
  }

  @Test
  void aMissingInputFailsEvaluationNamingTheCondition() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> CelCondition.compile("inputs.amount > 1000").requiresReview(new JsonObject(), "out"));
    assertTrue(e.getMessage().contains("inputs.amount > 1000"), e.getMessage());
  }

  @Test
  void reasonFlagsNameTheCondition() {
    assertEquals("inputs.amount > 1000", CelCondition.compile("inputs.amount > 1000").reasonFlags().getString("condition"));
  }
}
