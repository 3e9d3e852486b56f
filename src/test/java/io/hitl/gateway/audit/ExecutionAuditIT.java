package io.hitl.gateway.audit;

import static io.hitl.gateway.support.Caller.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hitl.gateway.support.Caller;
import io.hitl.gateway.support.CrewClient;
import io.hitl.gateway.support.GatewayUnderTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A crew execution's resume status — retrying after a rejection, completed after the approval — is in the audit trail. */
class ExecutionAuditIT {

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.create();

  @Test
  void everyResumeOfAnExecutionIsAudited() {
    CrewClient crew = CrewClient.of(env.gateway().http());
    String id = crew.kickoff(new JsonObject().put("inputs", new JsonObject().put("topic", "audits")));
    String first = crew.awaitStatus(id, "pending_human_input", Duration.ofSeconds(30)).getString("request_id");
    crew.resume(id, "research_task", "add sources", false);
    String second = crew.awaitStatus(id, "pending_human_input", Duration.ofSeconds(30)).getString("request_id");
    crew.resume(id, "research_task", "good", true);
    crew.awaitStatus(id, "completed", Duration.ofSeconds(30));

    assertEquals(List.of("retrying"), resumeStatuses(first));
    assertEquals(List.of("resumed"), resumeStatuses(second));
  }

  private static List<String> resumeStatuses(String requestId) {
    JsonArray entries = expect(200, Caller.service(env.gateway().port())
        .get("/api/v1/audit?action=execution.resumed&request_id=" + requestId)).getJsonArray("entries");
    return entries.stream().map(e -> ((JsonObject) e).getJsonObject("details").getString("status")).toList();
  }
}
