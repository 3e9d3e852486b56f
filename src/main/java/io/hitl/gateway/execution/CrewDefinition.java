package io.hitl.gateway.execution;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A crew: agents and the ordered tasks they perform.
 *
 * @param name how the API addresses it ({@code /crews/{name}/…})
 * @param agents by id
 * @param tasks in execution order
 */
public record CrewDefinition(String name, Map<String, AgentDefinition> agents, List<TaskDefinition> tasks) {

  /** The inputs a kickoff must supply: every placeholder of the agents' and tasks' texts. */
  public Set<String> requiredInputs() {
    Set<String> names = new LinkedHashSet<>();
    for (AgentDefinition a : agents.values()) {
      names.addAll(Placeholders.names(a.role()));
      names.addAll(Placeholders.names(a.goal()));
      names.addAll(Placeholders.names(a.backstory()));
    }
    for (TaskDefinition t : tasks) {
      names.addAll(Placeholders.names(t.description()));
      names.addAll(Placeholders.names(t.expectedOutput()));
    }
    return names;
  }

  /** The task at {@code index} (0-based). */
  public TaskDefinition task(int index) {
    return tasks.get(index);
  }

  /** The position of the task with this id, or -1. */
  public int indexOf(String taskId) {
    for (int i = 0; i < tasks.size(); i++) {
      if (tasks.get(i).id().equals(taskId)) {
        return i;
      }
    }
    return -1;
  }

  /** The agent that performs {@code task}. */
  public AgentDefinition agentOf(TaskDefinition task) {
    return agents.get(task.agent());
  }
}
