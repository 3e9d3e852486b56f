package io.hitl.gateway.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.config.ConfigException;
import io.hitl.gateway.support.TestCrews;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrewLoaderTest {

  private final CrewLoader loader = new CrewLoader(new TaskExecutors(Map.of("template", new TemplateExecutor(null))), condition -> {
    throw new IllegalArgumentException("no conditions here");
  });

  @Test
  void theDemoCrewShipsInTheJarAndNeedsOnlyATopic() {
    CrewDefinition demo = loader.demo();
    assertEquals("demo", demo.name());
    assertEquals(Set.of("topic"), demo.requiredInputs());
    assertEquals(List.of("research_task", "reporting_task"), demo.tasks().stream().map(TaskDefinition::id).toList());
    assertTrue(demo.task(0).humanInput().requiresReview(new JsonObject(), "x"));
    assertFalse(demo.task(1).humanInput().requiresReview(new JsonObject(), "x"));
  }

  @Test
  void aDirectoryYieldsOneCrewPerYamlFileNamedAfterIt() {
    List<CrewDefinition> crews = loader.loadDirectory(TestCrews.directory(
        Map.of("pipeline.yaml", TestCrews.PIPELINE, "approval.yml", TestCrews.APPROVAL, "notes.txt", "ignored")));
    assertEquals(List.of("approval", "pipeline"), crews.stream().map(CrewDefinition::name).toList());
    assertEquals(Set.of("subject"), crews.get(1).requiredInputs());
    assertEquals("template", crews.get(1).agentOf(crews.get(1).task(0)).executor());
  }

  @Test
  void mistakesNameTheFieldAndStopLoading() {
    assertMessage("tasks[0].agent: no agent 'ghost'", """
        agents: {a: {role: r, goal: g, backstory: b}}
        tasks: [{id: t, description: d, expected_output: e, agent: ghost}]
        """);
    assertMessage("agents.a (executor gpt): unknown executor 'gpt'", """
        agents: {a: {role: r, goal: g, backstory: b, executor: gpt}}
        tasks: [{id: t, description: d, expected_output: e, agent: a}]
        """);
    assertMessage("tasks[1].id: 't' is used by two tasks", """
        agents: {a: {role: r, goal: g, backstory: b}}
        tasks: [{id: t, description: d, expected_output: e, agent: a}, {id: t, description: d, expected_output: e, agent: a}]
        """);
    assertMessage("tasks[0].expected_output is required", """
        agents: {a: {role: r, goal: g, backstory: b}}
        tasks: [{id: t, description: d, agent: a}]
        """);
    assertMessage("tasks[0].human_input: no conditions here", """
        agents: {a: {role: r, goal: g, backstory: b}}
        tasks: [{id: t, description: d, expected_output: e, agent: a, human_input: "inputs.amount > 1"}]
        """);
    assertMessage("agents.a (executor template): options.delay_ms must be a whole number", """
        agents: {a: {role: r, goal: g, backstory: b, options: {delay_ms: soon}}}
        tasks: [{id: t, description: d, expected_output: e, agent: a}]
        """);
    assertMessage("tasks must be a non-empty list", "agents: {a: {role: r, goal: g, backstory: b}}\n");
  }

  @Test
  void placeholdersRenderKnownInputsAndKeepUnknownOnes() {
    assertEquals("Research 42 and {other}", Placeholders.render("Research {topic} and {other}", new JsonObject().put("topic", 42)));
    assertEquals(Set.of("a", "b"), Placeholders.names("{a} {b} {a} {not valid}"));
  }

  @Test
  void theTemplateExecutorIsDeterministicAndShowsContextAndFeedback() {
    CrewDefinition demo = loader.demo();
    TaskRun run = new TaskRun("e1", demo.agentOf(demo.task(1)), demo.task(1), new JsonObject(),
        List.of("research_task: findings"), List.of("research_task: shorter please"));
    String output = TemplateExecutor.render(run);
    assertEquals(output, TemplateExecutor.render(run));
    assertTrue(output.contains("- research_task: findings"), output);
    assertTrue(output.contains("- research_task: shorter please"), output);
  }

  private void assertMessage(String expected, String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("bad", yaml));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
