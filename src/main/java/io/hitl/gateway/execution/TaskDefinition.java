package io.hitl.gateway.execution;

/**
 * One task of a crew, in the spirit of CrewAI's {@code tasks.yaml}.
 *
 * @param id stable identifier, the {@code task_id} of {@code /status} and {@code /resume}
 * @param description may contain {@code {input}} placeholders
 * @param expectedOutput may contain {@code {input}} placeholders
 * @param agent id of the {@link AgentDefinition} that performs it
 * @param humanInput whether a person reviews its output before the crew goes on
 */
public record TaskDefinition(String id, String description, String expectedOutput, String agent,
    HumanInputRule humanInput) {
}
