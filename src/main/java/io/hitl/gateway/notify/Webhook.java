package io.hitl.gateway.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** A webhook as configured; its signing secret is never part of it. */
public record Webhook(String id, String url, List<String> events, String description, boolean active,
    OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  /** Maps a row selected with {@link WebhookQueries#COLUMNS}. */
  static Webhook from(Row row) {
    return new Webhook(row.getUUID("id").toString(), row.getString("url"),
        List.copyOf(Arrays.asList(row.getArrayOfStrings("events"))), row.getString("description"),
        row.getBoolean("active"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
  }

  /** The API representation. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("url", url)
        .put("events", new JsonArray(events))
        .put("description", description)
        .put("active", active)
        .put("created_at", Times.iso(createdAt))
        .put("updated_at", Times.iso(updatedAt));
  }
}
