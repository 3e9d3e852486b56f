package io.hitl.gateway.execution;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Everything an executor gets to perform one task once.
 *
 * @param executionId the execution (kickoff id)
 * @param agent the agent, texts with placeholders already rendered
 * @param task the task, texts with placeholders already rendered
 * @param inputs the kickoff inputs
 * @param context outputs of the earlier tasks, in order, each as {@code task_id: output}
 * @param feedback every human feedback given so far in this execution, oldest first, as
 *     {@code task_id: feedback}; for a re-run it includes the feedback that rejected the last output
 */
public record TaskRun(String executionId, AgentDefinition agent, TaskDefinition task, JsonObject inputs,
    List<String> context, List<String> feedback) {
}
