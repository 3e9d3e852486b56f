package io.hitl.gateway.routing;

import io.hitl.gateway.http.ApiException;
import io.hitl.gateway.http.JsonFields;
import io.vertx.core.json.JsonObject;

/**
 * A routing rule as sent by a client, validated: the seed's shape
 * {@code {name, match: {method_name, state?}, assign_to_email?, assign_from_input?}} plus an
 * optional 1-based {@code position}.
 */
record RuleDraft(String name, String methodPattern, JsonObject matchState, String assignToEmail,
    String assignFromInput, Integer position) {

  static final int MAX_NAME = 200;
  static final int MAX_PATTERN = 200;
  static final int MAX_PATH = 200;

  /** Reads and validates a body; every problem is a 422 naming the field. */
  static RuleDraft parse(JsonFields body, JsonObject raw) {
    String name = body.requiredText("name", MAX_NAME);
    JsonObject match = body.optionalObject("match");
    if (match == null) {
      throw ApiException.invalid("field 'match' is required: {\"method_name\": \"approve_*\", \"state\": {…}?}");
    }
    JsonFields matchFields = JsonFields.of(match);
    String pattern;
    try {
      pattern = matchFields.requiredText("method_name", MAX_PATTERN);
    } catch (ApiException e) {
      throw ApiException.invalid("field 'match.method_name' is required and must be a non-empty pattern"
          + " of at most " + MAX_PATTERN + " characters");
    }
    Object state = match.getValue("state");
    if (state != null && !(state instanceof JsonObject)) {
      throw ApiException.invalid("field 'match.state' must be a JSON object");
    }
    String email = blankToNull(body.optionalText("assign_to_email", 1000));
    if (email != null && !Emails.isEmail(email)) {
      throw ApiException.invalid("field 'assign_to_email' must be an email address, got '" + email + "'");
    }
    String path = blankToNull(body.optionalText("assign_from_input", MAX_PATH));
    if (path != null && !StatePaths.isValid(path)) {
      throw ApiException.invalid("field 'assign_from_input' must name a state field, e.g. 'manager_email'"
          + " or 'approvers.finance'");
    }
    if (email == null && path == null) {
      throw ApiException.invalid("a rule needs 'assign_to_email', 'assign_from_input' or both");
    }
    return new RuleDraft(name, pattern, (JsonObject) state, Emails.normalise(email), path, position(raw));
  }

  private static Integer position(JsonObject raw) {
    Object value = raw.getValue("position");
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1
        || ((Number) value).longValue() > Integer.MAX_VALUE) {
      throw ApiException.invalid("field 'position' must be a whole number from 1 (first rule evaluated)");
    }
    return ((Number) value).intValue();
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }
}
