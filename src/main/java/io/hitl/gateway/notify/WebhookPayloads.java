package io.hitl.gateway.notify;

import io.hitl.gateway.review.CallbackUrls;
import io.hitl.gateway.review.HumanInputRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The JSON bodies of webhook events, in the shape of seed 001 ("Webhook Payload"):
 * {@code event}, {@code request} (a flow's view of the request), {@code deployment},
 * {@code callback_url} and {@code assigned_to_email}. {@code request_completed} adds the request's
 * {@code status} and the answer as {@code result}; its {@code callback_url} is null, as the request
 * can no longer be answered.
 */
public final class WebhookPayloads {

  private final CallbackUrls callbacks;
  private final JsonObject deployment;

  /**
   * @param deploymentId, organizationId shown as numbers when they are all digits (as in the seed),
   *     as strings otherwise
   */
  public WebhookPayloads(CallbackUrls callbacks, String deploymentId, String deploymentName, String organizationId) {
    this.callbacks = callbacks;
    this.deployment = new JsonObject()
        .put("id", numberIfDigits(deploymentId))
        .put("name", deploymentName)
        .put("organization_id", numberIfDigits(organizationId));
  }

  /** The {@code new_request} body of a request just created. */
  public String newRequest(HumanInputRequest r) {
    return new JsonObject()
        .put("event", WebhookEvent.NEW_REQUEST)
        .put("request", request(r))
        .put("deployment", deployment.copy())
        .put("callback_url", callbacks.urlFor(r.requestId()))
        .put("assigned_to_email", r.assignedToEmail())
        .encode();
  }

  /** The {@code request_completed} body of a request just answered. */
  public String requestCompleted(HumanInputRequest r) {
    return new JsonObject()
        .put("event", WebhookEvent.REQUEST_COMPLETED)
        .put("request", request(r).put("status", r.status()))
        .put("deployment", deployment.copy())
        .put("callback_url", null)
        .put("assigned_to_email", r.assignedToEmail())
        .put("result", r.result())
        .encode();
  }

  private static JsonObject request(HumanInputRequest r) {
    return new JsonObject()
        .put("id", r.requestId())
        .put("flow_id", r.executionId())
        .put("method_name", r.taskId())
        .put("message", r.prompt())
        .put("emit_options", r.emit() == null ? new JsonArray() : r.emit().copy())
        .put("state", r.state() == null ? new JsonObject() : r.state().copy())
        .put("metadata", r.metadata() == null ? new JsonObject() : r.metadata().copy())
        .put("created_at", Times.iso(r.createdAt()));
  }

  private static Object numberIfDigits(String value) {
    if (value != null && value.matches("[0-9]{1,18}")) {
      return Long.parseLong(value);
    }
    return value;
  }
}
