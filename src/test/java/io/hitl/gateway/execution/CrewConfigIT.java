package io.hitl.gateway.execution;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.config.ConfigException;
import io.hitl.gateway.support.TestCrews;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A broken crew setup stops start-up with a message naming the variable or the file and field. */
class CrewConfigIT {

  @Test
  void anInvalidCrewFileStopsStartUpNamingFileAndField() {
    String dir = TestCrews.directory(Map.of("broken.yaml", """
        agents: {a: {role: r, goal: g, backstory: b}}
        tasks: [{id: t, description: d, expected_output: e, agent: a, human_input: "inputs.amount >"}]
        """)).toString();
    ConfigException e = assertThrows(ConfigException.class,
        () -> TestGateway.start(TestDatabases.fresh(), Map.of("HITL_CREWS_DIR", dir)).close());
    assertTrue(e.getMessage().contains("broken.yaml: tasks[0].human_input: invalid CEL condition"), e.getMessage());
  }

  @Test
  void anUnknownDefaultCrewOrMissingDirectoryNamesTheVariable() {
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> TestGateway.start(TestDatabases.fresh(), Map.of("HITL_DEFAULT_CREW", "nope")).close());
    assertTrue(unknown.getMessage().startsWith("HITL_DEFAULT_CREW:"), unknown.getMessage());
    ConfigException missing = assertThrows(ConfigException.class,
        () -> TestGateway.start(TestDatabases.fresh(), Map.of("HITL_CREWS_DIR", "/no/such/dir")).close());
    assertTrue(missing.getMessage().startsWith("HITL_CREWS_DIR:"), missing.getMessage());
  }
}
