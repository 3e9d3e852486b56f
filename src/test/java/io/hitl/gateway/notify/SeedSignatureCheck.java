package io.hitl.gateway.notify;

import static org.junit.jupiter.api.Assertions.fail;

import io.hitl.gateway.support.ExternalProcess;
import io.hitl.gateway.support.SeedPythonClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The seed's Python signature check ({@code seed-clients/webhook_verification.py}, verbatim) run
 * with {@code /usr/bin/python3} on what a receiver captured: a prologue defines
 * {@code signing_secret}, {@code timestamp}, {@code payload} and {@code signature}, an epilogue
 * gives the snippet's final {@code if} a body that prints {@code VALID}, else {@code INVALID}.
 */
final class SeedSignatureCheck {

  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final String PROLOGUE = """
      import os
      signing_secret = os.environ["SIGNING_SECRET"]
      timestamp = os.environ["WEBHOOK_TIMESTAMP"]
      signature = os.environ["WEBHOOK_SIGNATURE"]
      if signature.startswith("sha256="):
          signature = signature[len("sha256="):]
      with open(os.environ["WEBHOOK_PAYLOAD_FILE"], encoding="utf-8", newline="") as f:
          payload = f.read()
      """;
  private static final String EPILOGUE = """
          print("VALID")
      else:
          print("INVALID")
      """;

  private SeedSignatureCheck() {
  }

  /** True when the seed snippet accepts {@code signatureHeader} for this payload and timestamp. */
  static boolean accepts(String signingSecret, String timestamp, String payload, String signatureHeader) {
    int run = RUNS.incrementAndGet();
    try {
      Path dir = Files.createDirectories(Path.of("target", "seed-clients"));
      Path script = dir.resolve("webhook_verification-" + run + ".py");
      Path body = dir.resolve("webhook_payload-" + run + ".json");
      String snippet = resource("/seed-clients/webhook_verification.py");
      Files.writeString(script, PROLOGUE + snippet + (snippet.endsWith("\n") ? "" : "\n") + EPILOGUE,
          StandardCharsets.UTF_8);
      Files.writeString(body, payload, StandardCharsets.UTF_8);
      try (ExternalProcess python = ExternalProcess.start("python-webhook-verification-" + run,
          List.of(SeedPythonClient.PYTHON, script.toString()),
          Map.of("SIGNING_SECRET", signingSecret, "WEBHOOK_TIMESTAMP", timestamp, "WEBHOOK_SIGNATURE", signatureHeader,
              "WEBHOOK_PAYLOAD_FILE", body.toString()),
          name -> name.startsWith("PYTHON"))) {
        int exit = python.awaitExit(Duration.ofSeconds(30));
        String out = python.stdout().strip();
        if (exit != 0 || !(out.equals("VALID") || out.equals("INVALID"))) {
          fail("the seed's verification snippet did not run: exit " + exit + python.describe());
        }
        return out.equals("VALID");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String path) {
    try (InputStream in = SeedSignatureCheck.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + path + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
