package io.hitl.gateway.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hitl.gateway.config.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads crew definitions from YAML and checks them completely, so that a broken crew stops
 * start-up with a message naming the file and the field instead of failing an execution later.
 *
 * <pre>
 * agents:
 *   researcher: {role: "{topic} researcher", goal: "…", backstory: "…", executor: template}
 * tasks:
 *   - {id: research_task, description: "Research {topic}", expected_output: "…", agent: researcher, human_input: true}
 * </pre>
 */
public final class CrewLoader {

  /** The crew shipped in the jar. */
  public static final String DEMO_RESOURCE = "crews/demo.yaml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final TaskExecutors executors;
  private final Function<String, HumanInputRule> conditions;

  /**
   * @param executors the executors an agent may use, which check its options
   * @param conditions compiles a {@code human_input} condition; throws {@link IllegalArgumentException} when invalid
   */
  public CrewLoader(TaskExecutors executors, Function<String, HumanInputRule> conditions) {
    this.executors = executors;
    this.conditions = conditions;
  }

  /** The demo crew from the classpath, named {@code demo}. */
  public CrewDefinition demo() {
    try (InputStream in = CrewLoader.class.getClassLoader().getResourceAsStream(DEMO_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEMO_RESOURCE + " is missing from the jar");
      }
      return parse("demo", DEMO_RESOURCE, YAML.readValue(in, Map.class));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEMO_RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /** Every {@code *.yaml} / {@code *.yml} file of {@code dir}, each named after its file. */
  public List<CrewDefinition> loadDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ConfigException("HITL_CREWS_DIR: " + dir + " is not a directory");
    }
    List<CrewDefinition> crews = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        String fileName = file.getFileName().toString();
        if (Files.isRegularFile(file) && (fileName.endsWith(".yaml") || fileName.endsWith(".yml"))) {
          crews.add(load(file));
        }
      }
    } catch (IOException e) {
      throw new ConfigException("HITL_CREWS_DIR: cannot list " + dir + ": " + e.getMessage());
    }
    return crews;
  }

  /** One crew file; the crew is named after the file without its extension. */
  public CrewDefinition load(Path file) {
    String fileName = file.getFileName().toString();
    String name = fileName.substring(0, fileName.lastIndexOf('.'));
    try {
      return parse(name, file.toString(), YAML.readValue(file.toFile(), Map.class));
    } catch (IOException e) {
      throw new ConfigException("crew file " + file + " is not valid YAML: " + e.getMessage());
    }
  }

  /** Parses a crew from YAML text (for tests and tools). */
  public CrewDefinition parse(String name, String yaml) {
    try {
      return parse(name, name, YAML.readValue(yaml, Map.class));
    } catch (IOException e) {
      throw new ConfigException("crew " + name + " is not valid YAML: " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private CrewDefinition parse(String name, String source, Map<String, Object> yaml) {
    if (!name.matches("[A-Za-z0-9_-]{1,100}")) {
      throw new ConfigException("crew file " + source + ": the crew name '" + name + "' may only use letters, digits, _ and -");
    }
    if (yaml == null) {
      throw new ConfigException("crew file " + source + " is empty");
    }
    JsonObject crew = new JsonObject(yaml);
    JsonObject agentsYaml = object(crew, "agents", source);
    Map<String, AgentDefinition> agents = new LinkedHashMap<>();
    for (String id : agentsYaml.fieldNames()) {
      String where = source + ": agents." + id;
      if (!(agentsYaml.getValue(id) instanceof JsonObject a)) {
        throw new ConfigException(where + " must be a mapping");
      }
      String executor = a.getValue("executor") == null ? "template" : text(a, "executor", where);
      Object optionsYaml = a.getValue("options");
      if (optionsYaml != null && !(optionsYaml instanceof JsonObject)) {
        throw new ConfigException(where + ".options must be a mapping");
      }
      JsonObject options = optionsYaml == null ? new JsonObject() : (JsonObject) optionsYaml;
      try {
        executors.check(executor, options);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(where + " (executor " + executor + "): " + e.getMessage());
      }
      agents.put(id, new AgentDefinition(id, text(a, "role", where), text(a, "goal", where),
          text(a, "backstory", where), executor, options));
    }
    if (agents.isEmpty()) {
      throw new ConfigException(source + ": agents must define at least one agent");
    }
    if (!(crew.getValue("tasks") instanceof JsonArray tasksYaml) || tasksYaml.isEmpty()) {
      throw new ConfigException(source + ": tasks must be a non-empty list");
    }
    List<TaskDefinition> tasks = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < tasksYaml.size(); i++) {
      String where = source + ": tasks[" + i + "]";
      if (!(tasksYaml.getValue(i) instanceof JsonObject t)) {
        throw new ConfigException(where + " must be a mapping");
      }
      String id = text(t, "id", where);
      if (!ids.add(id)) {
        throw new ConfigException(where + ".id: '" + id + "' is used by two tasks");
      }
      String agent = text(t, "agent", where);
      if (!agents.containsKey(agent)) {
        throw new ConfigException(where + ".agent: no agent '" + agent + "' in this crew");
      }
      tasks.add(new TaskDefinition(id, text(t, "description", where), text(t, "expected_output", where), agent,
          humanInput(t.getValue("human_input"), where)));
    }
    return new CrewDefinition(name, agents, List.copyOf(tasks));
  }

  private HumanInputRule humanInput(Object value, String where) {
    if (value == null || Boolean.FALSE.equals(value)) {
      return HumanInputRule.NEVER;
    }
    if (Boolean.TRUE.equals(value)) {
      return HumanInputRule.ALWAYS;
    }
    if (value instanceof String condition && !condition.isBlank()) {
      try {
        return conditions.apply(condition);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(where + ".human_input: " + e.getMessage());
      }
    }
    throw new ConfigException(where + ".human_input must be true, false or a condition");
  }

  private static JsonObject object(JsonObject json, String field, String where) {
    if (!(json.getValue(field) instanceof JsonObject object)) {
      throw new ConfigException(where + ": " + field + " must be a mapping");
    }
    return object;
  }

  private static String text(JsonObject json, String field, String where) {
    Object value = json.getValue(field);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new ConfigException(where + "." + field + " is required and must be text");
    }
    return text.strip();
  }
}
