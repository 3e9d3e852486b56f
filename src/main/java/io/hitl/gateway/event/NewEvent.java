package io.hitl.gateway.event;

import io.vertx.core.json.JsonObject;

/**
 * An event about to be appended.
 *
 * @param payload the complete event as clients will see it; must carry {@code event_id}
 */
public record NewEvent(String eventId, String executionId, String type, JsonObject payload) {
}
