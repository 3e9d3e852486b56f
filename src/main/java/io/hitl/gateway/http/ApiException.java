package io.hitl.gateway.http;

import io.vertx.core.json.JsonObject;

/**
 * A request the gateway refuses, with the HTTP status, a stable machine-readable error code and
 * a sentence for people. Rendered as {@code {"error": code, "message": text, ...details}}.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String error;
  private final JsonObject details;

  public ApiException(int status, String error, String message) {
    this(status, error, message, null);
  }

  /** @param details extra fields merged into the JSON body (for example the current state on 409) */
  public ApiException(int status, String error, String message, JsonObject details) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
    this.details = details;
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  /** The JSON body. */
  public JsonObject toJson() {
    JsonObject body = new JsonObject().put("error", error).put("message", getMessage());
    if (details != null) {
      body.mergeIn(details);
    }
    return body;
  }

  /** 400 for a request that cannot be understood. */
  public static ApiException badRequest(String error, String message) {
    return new ApiException(400, error, message);
  }

  /** 422 for a well-formed body with a missing or wrongly typed field. */
  public static ApiException invalid(String message) {
    return new ApiException(422, "validation_failed", message);
  }

  /** 404 for an unknown id. */
  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }
}
