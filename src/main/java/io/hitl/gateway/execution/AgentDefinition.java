package io.hitl.gateway.execution;

import io.vertx.core.json.JsonObject;

/**
 * An agent of a crew, in the spirit of CrewAI's {@code agents.yaml}.
 *
 * @param id the key the agent has in the crew file; tasks name their agent by it
 * @param role may contain {@code {input}} placeholders
 * @param goal may contain {@code {input}} placeholders
 * @param backstory may contain {@code {input}} placeholders
 * @param executor the name of the {@link TaskExecutor} that runs this agent's tasks
 * @param options executor-specific settings (e.g. {@code delay_ms} for {@code template})
 */
public record AgentDefinition(String id, String role, String goal, String backstory, String executor,
    JsonObject options) {
}
