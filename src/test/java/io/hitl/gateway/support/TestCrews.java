package io.hitl.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Crew files for tests, written to a fresh directory for {@code HITL_CREWS_DIR}. */
public final class TestCrews {

  /** Three tasks, none reviewed; input {@code subject}. */
  public static final String PIPELINE = """
      agents:
        writer: {role: "{subject} writer", goal: "write about {subject}", backstory: "writes", executor: template}
      tasks:
        - {id: outline_task, description: "Outline {subject}", expected_output: "an outline", agent: writer}
        - {id: draft_task, description: "Draft {subject}", expected_output: "a draft", agent: writer, human_input: false}
        - {id: polish_task, description: "Polish {subject}", expected_output: "a text", agent: writer}
      """;

  /** One reviewed task; input {@code item}. */
  public static final String APPROVAL = """
      agents:
        clerk: {role: "Clerk", goal: "prepare {item}", backstory: "careful", executor: template}
      tasks:
        - {id: prepare_task, description: "Prepare {item}", expected_output: "a proposal", agent: clerk, human_input: true}
      """;

  /** One task reviewed only when {@code inputs.amount > 1000} (CEL); inputs {@code payee}, {@code amount}. */
  public static final String PAYMENT = """
      agents:
        payer: {role: "Payments clerk", goal: "pay {payee}", backstory: "exact", executor: template}
      tasks:
        - {id: pay_task, description: "Pay {amount} to {payee}", expected_output: "a receipt", agent: payer,
           human_input: "inputs.amount > 1000"}
      """;

  private TestCrews() {
  }

  /** A new directory holding {@code pipeline.yaml}, {@code approval.yaml} and {@code payment.yaml}. */
  public static Path directory() {
    return directory(Map.of("pipeline.yaml", PIPELINE, "approval.yaml", APPROVAL, "payment.yaml", PAYMENT));
  }

  /** A new directory holding the given files (name → content). */
  public static Path directory(Map<String, String> files) {
    try {
      Path dir = Files.createTempDirectory("hitl-crews");
      for (Map.Entry<String, String> file : files.entrySet()) {
        Files.writeString(dir.resolve(file.getKey()), file.getValue());
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
