package io.hitl.gateway.execution;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code human_input} condition in CEL over {@code inputs} (the kickoff inputs, a map) and
 * {@code output} (the task output, a string), e.g. {@code inputs.amount > 1000} or
 * {@code output.contains("refund")}. Compiled, and so checked, when the crew loads.
 */
public final class CelCondition implements HumanInputRule {

  /** {@code inputs.amount > 1000} must hold for an amount of 1000.5 too. */
  private static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setOptions(OPTIONS)
      .addVar("inputs", MapType.create(SimpleType.STRING, SimpleType.DYN))
      .addVar("output", SimpleType.STRING)
      .setResultType(SimpleType.BOOL)
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  private final String expression;
  private final CelRuntime.Program program;

  private CelCondition(String expression, CelRuntime.Program program) {
    this.expression = expression;
    this.program = program;
  }

  /**
   * Compiles {@code expression}.
   *
   * @throws IllegalArgumentException when it is not valid CEL or not a boolean expression
   */
  public static CelCondition compile(String expression) {
    try {
      CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
      return new CelCondition(expression, RUNTIME.createProgram(ast));
    } catch (CelValidationException e) {
      throw new IllegalArgumentException("invalid CEL condition '" + expression + "': " + e.getMessage(), e);
    } catch (dev.cel.common.CelException e) {
      throw new IllegalArgumentException("cannot build CEL condition '" + expression + "': " + e.getMessage(), e);
    }
  }

  /**
   * @throws IllegalStateException when evaluation fails (e.g. {@code inputs.amount} without an
   *     {@code amount} input); the execution then ends in {@code error} naming the condition
   */
  @Override
  public boolean requiresReview(JsonObject inputs, String output) {
    try {
      return Boolean.TRUE.equals(program.eval(Map.of("inputs", celValue(inputs), "output", output)));
    } catch (CelEvaluationException e) {
      throw new IllegalStateException("human_input condition '" + expression + "' failed: " + e.getMessage(), e);
    }
  }

  @Override
  public JsonObject reasonFlags() {
    return new JsonObject().put("review_required", true).put("condition", expression);
  }

  /** JSON as CEL values: integers as {@code long}, other numbers as {@code double}, objects as maps. */
  private static Object celValue(Object json) {
    if (json instanceof JsonObject object) {
      Map<String, Object> map = new LinkedHashMap<>();
      object.forEach(e -> map.put(e.getKey(), celValue(e.getValue())));
      return map;
    }
    if (json instanceof JsonArray array) {
      List<Object> list = new ArrayList<>();
      array.forEach(v -> list.add(celValue(v)));
      return list;
    }
    if (json instanceof Integer || json instanceof Long || json instanceof Short || json instanceof Byte) {
      return ((Number) json).longValue();
    }
    if (json instanceof Number number) {
      return number.doubleValue();
    }
    return json;
  }
}
