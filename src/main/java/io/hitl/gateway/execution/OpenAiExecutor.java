package io.hitl.gateway.execution;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code openai} executor: any OpenAI-compatible {@code /chat/completions} endpoint. The agent
 * becomes the system message, the task (with context and human feedback) the user message.
 * Options {@code base_url} and {@code model} override {@code HITL_OPENAI_BASE_URL} and
 * {@code HITL_OPENAI_MODEL}; the API key comes only from {@code HITL_OPENAI_API_KEY}. Options
 * {@code timeout_ms}, {@code retries}, {@code backoff_ms} and {@code temperature} apply.
 */
public final class OpenAiExecutor implements TaskExecutor {

  /** Its name in crew files. */
  public static final String NAME = "openai";

  private final JsonPoster poster;
  private final String baseUrl;
  private final String model;
  private final String apiKey;

  /**
   * @param baseUrl default base URL, e.g. {@code https://api.openai.com/v1}
   * @param model default model, or {@code null} when every agent must name one
   * @param apiKey or {@code null} for endpoints without authentication
   */
  OpenAiExecutor(JsonPoster poster, String baseUrl, String model, String apiKey) {
    this.poster = poster;
    this.baseUrl = baseUrl;
    this.model = model;
    this.apiKey = apiKey;
  }

  @Override
  public void checkOptions(JsonObject options) {
    if (options.getValue("base_url") != null) {
      Options.requireUrl(options, "base_url");
    }
    if (model == null && !(options.getValue("model") instanceof String)) {
      throw new IllegalArgumentException("options.model is required when HITL_OPENAI_MODEL is not set");
    }
    Options.requirePolicy(options);
  }

  @Override
  public Future<String> execute(TaskRun run) {
    JsonObject options = run.agent().options();
    String url = stripSlash(options.getString("base_url", baseUrl)) + "/chat/completions";
    JsonObject body = new JsonObject()
        .put("model", options.getString("model", model))
        .put("messages", new JsonArray()
            .add(new JsonObject().put("role", "system").put("content", systemMessage(run)))
            .add(new JsonObject().put("role", "user").put("content", userMessage(run))));
    if (options.getValue("temperature") instanceof Number temperature) {
      body.put("temperature", temperature.doubleValue());
    }
    Map<String, String> headers = new HashMap<>();
    if (apiKey != null) {
      headers.put("Authorization", "Bearer " + apiKey);
    }
    return poster.post(url, headers, body, JsonPoster.Policy.from(options)).compose(answer -> {
      try {
        String content = answer.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content");
        return content == null
            ? Future.failedFuture(new IllegalStateException(url + " answered without message content"))
            : Future.succeededFuture(content);
      } catch (RuntimeException e) {
        return Future.failedFuture(new IllegalStateException(url + " answered without choices[0].message.content"));
      }
    });
  }

  static String systemMessage(TaskRun run) {
    return "You are " + run.agent().role() + ". " + run.agent().backstory() + "\nYour personal goal is: " + run.agent().goal();
  }

  static String userMessage(TaskRun run) {
    StringBuilder text = new StringBuilder("Current task: ").append(run.task().description())
        .append("\n\nThis is the expected criteria for your final answer: ").append(run.task().expectedOutput());
    if (!run.context().isEmpty()) {
      text.append("\n\nThis is the context you're working with:");
      run.context().forEach(c -> text.append("\n").append(c));
    }
    if (!run.feedback().isEmpty()) {
      text.append("\n\nHuman feedback to take into account:");
      run.feedback().forEach(f -> text.append("\n").append(f));
    }
    return text.toString();
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
