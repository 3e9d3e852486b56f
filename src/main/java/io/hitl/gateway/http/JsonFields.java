package io.hitl.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads and checks the fields of a JSON request body; every problem becomes a precise
 * {@link ApiException} naming the field.
 */
public final class JsonFields {

  /** Longest accepted identifier (execution, task, crew, agent, request ids). */
  public static final int MAX_ID_LENGTH = 200;

  private final JsonObject json;

  private JsonFields(JsonObject json) {
    this.json = json;
  }

  /** Parses a request body that must be one JSON object. */
  public static JsonFields parse(Buffer body) {
    if (body == null || body.length() == 0) {
      throw ApiException.badRequest("malformed_json", "the request body must be a JSON object");
    }
    try {
      return new JsonFields(new JsonObject(body));
    } catch (DecodeException | ClassCastException e) {
      throw ApiException.badRequest("malformed_json", "the request body is not a valid JSON object");
    }
  }

  /** Wraps an already parsed object. */
  public static JsonFields of(JsonObject json) {
    return new JsonFields(json);
  }

  /** A string that must be present and not blank. */
  public String requiredText(String name, int maxLength) {
    String value = optionalText(name, maxLength);
    if (value == null || value.isBlank()) {
      throw ApiException.invalid("field '" + name + "' is required and must be a non-empty string");
    }
    return value;
  }

  /** A string that must be present but may be empty. */
  public String requiredString(String name, int maxLength) {
    String value = optionalText(name, maxLength);
    if (value == null) {
      throw ApiException.invalid("field '" + name + "' is required and must be a string");
    }
    return value;
  }

  /** A string, or {@code null} when absent or null. */
  public String optionalText(String name, int maxLength) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw ApiException.invalid("field '" + name + "' must be a string");
    }
    if (text.length() > maxLength) {
      throw ApiException.invalid("field '" + name + "' is longer than " + maxLength + " characters");
    }
    return text;
  }

  /** An object, or {@code null} when absent or null. */
  public JsonObject optionalObject(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject object)) {
      throw ApiException.invalid("field '" + name + "' must be a JSON object");
    }
    return object;
  }

  /** A boolean, or {@code null} when absent or null. */
  public Boolean optionalBoolean(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Boolean bool)) {
      throw ApiException.invalid("field '" + name + "' must be true or false");
    }
    return bool;
  }

  /**
   * A non-empty array of distinct non-blank strings (at most {@code maxItems} of at most
   * {@code maxLength} characters), or {@code null} when absent or null.
   */
  public JsonArray optionalStringList(String name, int maxItems, int maxLength) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > maxItems) {
      throw ApiException.invalid("field '" + name + "' must be an array of 1 to " + maxItems + " strings");
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Object item : array) {
      if (!(item instanceof String s) || s.isBlank() || s.length() > maxLength || !seen.add(s)) {
        throw ApiException.invalid("field '" + name + "' must hold distinct non-blank strings of at most "
            + maxLength + " characters");
      }
    }
    return array;
  }
}
