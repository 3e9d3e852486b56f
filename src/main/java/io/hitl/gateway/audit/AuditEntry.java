package io.hitl.gateway.audit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * One stored audit entry.
 *
 * @param detailsText the details as PostgreSQL renders the stored jsonb: the exact text the hash covers
 */
public record AuditEntry(long seq, String entryId, OffsetDateTime at, String action, String actor, String requestId,
    String detailsText, byte[] prevHash, byte[] hash) {

  /** Column names, in the order of {@link #cells()}: also the CSV header. */
  public static final List<String> FIELDS =
      List.of("seq", "entry_id", "at", "action", "actor", "request_id", "details", "prev_hash", "hash");

  private static final HexFormat HEX = HexFormat.of();

  /** Maps a row selected with {@link AuditQueries#COLUMNS}. */
  static AuditEntry from(Row row) {
    UUID requestId = row.getUUID("request_id");
    return new AuditEntry(
        row.getLong("seq"),
        row.getUUID("entry_id").toString(),
        row.getOffsetDateTime("at"),
        row.getString("action"),
        row.getString("actor"),
        requestId == null ? null : requestId.toString(),
        row.getString("details_text"),
        bytes(row.getBuffer("prev_hash")),
        bytes(row.getBuffer("hash")));
  }

  /**
   * An entry not yet linked (a row selected with {@code AuditQueries.UNLINKED_ENTRIES}) linked
   * into the chain at {@code seq}, after the entry whose hash is {@code prevHash}.
   */
  static AuditEntry linked(Row unlinked, long seq, byte[] prevHash) {
    UUID requestId = unlinked.getUUID("request_id");
    String entryId = unlinked.getUUID("entry_id").toString();
    OffsetDateTime at = unlinked.getOffsetDateTime("at");
    String action = unlinked.getString("action");
    String actor = unlinked.getString("actor");
    String request = requestId == null ? null : requestId.toString();
    String details = unlinked.getString("details_text");
    return new AuditEntry(seq, entryId, at, action, actor, request, details, prevHash,
        ChainHash.of(prevHash, seq, entryId, at, action, actor, request, details));
  }

  private static byte[] bytes(Buffer buffer) {
    return buffer == null ? null : buffer.getBytes();
  }

  /** The hash this entry must have, recomputed from its fields and {@code prevHash}. */
  public byte[] expectedHash(byte[] prevHash) {
    return ChainHash.of(prevHash, seq, entryId, at, action, actor, requestId, detailsText);
  }

  /** The API representation; hashes in lower-case hex, {@code at} in ISO 8601 UTC. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("seq", seq)
        .put("entry_id", entryId)
        .put("at", iso())
        .put("action", action)
        .put("actor", actor)
        .put("request_id", requestId)
        .put("details", new JsonObject(detailsText))
        .put("prev_hash", HEX.formatHex(prevHash))
        .put("hash", HEX.formatHex(hash));
  }

  /**
   * The CSV cells, in {@link #FIELDS} order; {@code details} is the exact jsonb text the hash
   * covers, so an export can be verified independently.
   */
  public List<String> cells() {
    return List.of(Long.toString(seq), entryId, iso(), action, actor, requestId == null ? "" : requestId, detailsText,
        HEX.formatHex(prevHash), HEX.formatHex(hash));
  }

  private String iso() {
    return at.toInstant().toString();
  }
}
