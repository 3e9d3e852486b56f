package io.hitl.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.Caller;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.Poll;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit trail through the real API and database: what each change of a request records, that
 * the database refuses to change the trail, that /verify finds tampering, exports with time
 * filters, and that concurrent appenders keep one unbroken chain.
 */
class AuditTrailIT {

  private static final String REQUESTS = "/api/v1/human-input-requests";
  private static final String OWNER = "owner@example.com";
  private static final String ALICE = "alice@example.com";
  private static final String ALICE_KEY = "alice-key-0123456789";
  private static final String RITA_KEY = "rita-key-0123456789";

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(), Map.of(
      "HITL_OWNER_EMAIL", OWNER,
      "HITL_REVIEWER_KEYS", ALICE + ":manage_human_feedback:" + ALICE_KEY
          + ",rita@example.com:respond_to_human_feedback:" + RITA_KEY)));

  @Test
  void eachChangeOfARequestIsRecordedInOrder() {
    String answered = create("flow-audit-1", "review_content");
    HttpResponse<String> response = call("POST", REQUESTS + "/" + answered + "/response",
        new JsonObject().put("feedback", "approved").put("source", "dashboard").encode(), ALICE_KEY);
    assertEquals(200, response.statusCode(), response.body());

    List<JsonObject> entries = entriesOf(answered);
    assertEquals(List.of("request.created", "request.assigned", "request.responded"), actions(entries));
    JsonObject created = entries.get(0);
    assertEquals("api", created.getString("actor"));
    assertEquals(answered, created.getString("request_id"));
    JsonObject details = created.getJsonObject("details");
    assertEquals("flow-audit-1", details.getString("flow_id"));
    assertEquals("review_content", details.getString("method_name"));
    assertEquals(OWNER, details.getString("assigned_to_email"));
    assertEquals(OWNER, entries.get(1).getJsonObject("details").getString("assigned_to_email"));
    JsonObject responded = entries.get(2);
    assertEquals(ALICE, responded.getString("actor"));
    assertEquals("dashboard", responded.getJsonObject("details").getString("source"));
    assertEquals(ALICE, responded.getJsonObject("details").getString("responder"));
    assertEquals("approved", responded.getJsonObject("details").getString("outcome"));
    assertEquals("dashboard", responded.getJsonObject("details").getString("source_label"));
    assertTrue(responded.getJsonObject("details").containsKey("is_approve"));

    String withdrawn = create("flow-audit-1", "review_content");
    response = call("PUT", REQUESTS + "/" + withdrawn + "/assignment",
        new JsonObject().put("assigned_to_email", "bob@example.com").encode(), ALICE_KEY);
    assertEquals(200, response.statusCode(), response.body());
    response = call("POST", REQUESTS + "/" + withdrawn + "/cancel", "{}", TestGateway.API_KEY);
    assertEquals(200, response.statusCode(), response.body());

    entries = entriesOf(withdrawn);
    assertEquals(List.of("request.created", "request.assigned", "request.reassigned", "request.cancelled"), actions(entries));
    JsonObject reassigned = entries.get(2);
    assertEquals(ALICE, reassigned.getString("actor"));
    assertEquals(new JsonObject().put("from", OWNER).put("to", "bob@example.com").put("by", ALICE),
        reassigned.getJsonObject("details"));
    assertEquals("api", entries.get(3).getString("actor"));

    for (int i = 1; i < entries.size(); i++) {
      assertTrue(entries.get(i).getLong("seq") > entries.get(i - 1).getLong("seq"), "chain order");
    }
    assertValid();
  }

  @Test
  void entriesAreLinkedAndPagedThroughWithACursor() {
    String id = create("flow-audit-pages", "review_content");
    respond(id, "fine");
    JsonObject first = get("/api/v1/audit?request_id=" + id + "&limit=2");
    assertEquals(2, first.getJsonArray("entries").size());
    long cursor = first.getLong("next_after_seq");
    assertEquals(first.getJsonArray("entries").getJsonObject(1).getLong("seq"), cursor);
    JsonObject second = get("/api/v1/audit?request_id=" + id + "&limit=2&after_seq=" + cursor);
    assertEquals(1, second.getJsonArray("entries").size());
    assertNull(second.getValue("next_after_seq"), "the last page has no cursor");
    assertEquals("request.responded", second.getJsonArray("entries").getJsonObject(0).getString("action"));

    JsonObject responded = get("/api/v1/audit?action=request.responded&request_id=" + id);
    assertEquals(1, responded.getJsonArray("entries").size());

    // Adjacent entries of the whole trail link up: each prev_hash is the hash before it.
    JsonArray all = get("/api/v1/audit?limit=1000").getJsonArray("entries");
    assertEquals("0".repeat(64), all.getJsonObject(0).getString("prev_hash"));
    for (int i = 1; i < all.size(); i++) {
      assertEquals(all.getJsonObject(i - 1).getString("hash"), all.getJsonObject(i).getString("prev_hash"));
    }
  }

  @Test
  void badParametersAre400() {
    assertError(call("GET", "/api/v1/audit?from=yesterday", null, TestGateway.API_KEY), 400, "invalid_time");
    assertError(call("GET", "/api/v1/audit?to=2025-13-01T00:00:00Z", null, TestGateway.API_KEY), 400, "invalid_time");
    assertError(call("GET", "/api/v1/audit?from=2025-02-01&to=2025-01-01", null, TestGateway.API_KEY), 400, "invalid_range");
    assertError(call("GET", "/api/v1/audit?limit=0", null, TestGateway.API_KEY), 400, "invalid_limit");
    assertError(call("GET", "/api/v1/audit?after_seq=x", null, TestGateway.API_KEY), 400, "invalid_after_seq");
    assertError(call("GET", "/api/v1/audit?request_id=nope", null, TestGateway.API_KEY), 400, "invalid_request_id");
    assertError(call("GET", "/api/v1/audit/export?format=xml", null, TestGateway.API_KEY), 400, "invalid_format");
    assertError(call("GET", "/api/v1/audit/export?from=soon", null, TestGateway.API_KEY), 400, "invalid_time");
  }

  @Test
  void aResponderWithoutManagePermissionGets403() {
    for (String path : List.of("/api/v1/audit", "/api/v1/audit/export?format=csv", "/api/v1/audit/verify")) {
      assertError(call("GET", path, null, RITA_KEY), 403, "forbidden");
    }
    assertEquals(200, call("GET", "/api/v1/audit/verify", null, ALICE_KEY).statusCode(), "a manager may");
  }

  @Test
  void entriesAreChainedWithoutAnyoneReading() {
    String id = create("flow-audit-chainer", "review_content");
    assertEquals(2, jdbcCount("select count(*) from audit_entries where request_id = '" + id + "'"),
        "the create wrote its entries");
    Poll.until(() -> jdbcCount("select count(*) from audit_log where request_id = '" + id + "'") == 2,
        Duration.ofSeconds(5), () -> "the chainer did not link the entries of " + id);
  }

  private static long jdbcCount(String sql) {
    try (Connection db = jdbc(); Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Test
  void theDatabaseRefusesToChangeOrDeleteEntries() throws SQLException {
    create("flow-audit-immutable", "review_content");
    long before = count();
    try (Connection db = jdbc(); Statement st = db.createStatement()) {
      for (String sql : List.of("update audit_entries set actor = 'mallory'", "delete from audit_entries",
          "delete from audit_entries where request_id is not null", "truncate audit_entries",
          "update audit_chain set hash = prev_hash", "delete from audit_chain where seq = (select max(seq) from audit_chain)",
          "truncate audit_chain")) {
        SQLException refused = assertThrows(SQLException.class, () -> st.execute(sql), sql);
        assertTrue(refused.getMessage().contains("append-only"), sql + ": " + refused.getMessage());
      }
    }
    assertEquals(before, count());
    assertValid();
  }

  @Test
  void verifyFindsTheFirstAlteredOrRemovedEntry() throws SQLException {
    String a = create("flow-audit-tamper", "review_content");
    String b = create("flow-audit-tamper", "review_content");
    String c = create("flow-audit-tamper", "review_content");
    respond(a, "approved");
    respond(c, "approved");
    long altered = entriesOf(b).get(0).getLong("seq");
    long removed = entriesOf(c).get(1).getLong("seq");
    assertValid();

    asSuperuserWithoutTriggers("update audit_entries set actor = 'mallory' where " + entryAt(altered));
    try {
      JsonObject result = get("/api/v1/audit/verify");
      assertFalse(result.getBoolean("valid"), result.encode());
      assertEquals(altered, result.getLong("first_invalid_seq"), result.encode());
      assertTrue(result.getString("reason").contains("content"), result.encode());
    } finally {
      asSuperuserWithoutTriggers("update audit_entries set actor = 'api' where " + entryAt(altered));
    }
    assertValid();

    Map<String, Object> row = entry(removed);
    long next = removed + 1;
    asSuperuserWithoutTriggers("delete from audit_entries where " + entryAt(removed));
    try {
      JsonObject result = get("/api/v1/audit/verify");
      assertFalse(result.getBoolean("valid"), result.encode());
      assertEquals(next, result.getLong("first_invalid_seq"), "the entry after the gap no longer links: " + result.encode());
      assertTrue(result.getString("reason").contains("prev_hash"), result.encode());
    } finally {
      restore(row);
    }
    assertValid();
  }

  @Test
  void exportsHoldExactlyTheEntriesOfTheTimeRange() throws Exception {
    String before = create("flow-audit-export", "review_content");
    respond(before, "approved");
    OffsetDateTime from = databaseNow();
    List<String> inside = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = create("flow-audit-export", "review_content");
      inside.add(id);
      // commas, quotes, a line break and non-ASCII text must survive CSV quoting
      respond(id, "approved, \"really\" — " + i + "\nsecond line");
    }
    OffsetDateTime to = databaseNow();
    respond(create("flow-audit-export", "review_content"), "approved");
    String range = "from=" + encode(from.toInstant().toString()) + "&to=" + encode(to.toInstant().toString());

    List<Long> expected = seqsBetween(from, to);
    assertEquals(9, expected.size(), "created, assigned and responded for each of the 3 requests");

    HttpResponse<String> csv = call("GET", "/api/v1/audit/export?format=csv&" + range, null, TestGateway.API_KEY);
    assertEquals(200, csv.statusCode(), csv.body());
    assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").matches("attachment; filename=\"audit-.+\\.csv\""),
        csv.headers().map().toString());
    List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(csv.body())).getRecords();
    assertEquals(expected, records.stream().map(r -> Long.parseLong(r.get("seq"))).toList());
    HexFormat hex = HexFormat.of();
    for (CSVRecord r : records) {
      assertTrue(inside.contains(r.get("request_id")), r.toString());
      // The export carries what the hash covers: anyone can recompute it from the file alone.
      byte[] hash = ChainHash.of(hex.parseHex(r.get("prev_hash")), Long.parseLong(r.get("seq")), r.get("entry_id"),
          OffsetDateTime.parse(r.get("at")), r.get("action"), r.get("actor"), r.get("request_id"), r.get("details"));
      assertEquals(r.get("hash"), hex.formatHex(hash), "hash of entry " + r.get("seq"));
    }
    CSVRecord lastResponse = records.get(records.size() - 1);
    assertEquals("request.responded", lastResponse.get("action"));
    assertEquals("approved, \"really\" — 2\nsecond line", new JsonObject(lastResponse.get("details")).getString("feedback"));

    HttpResponse<String> jsonl = call("GET", "/api/v1/audit/export?format=jsonl&" + range, null, TestGateway.API_KEY);
    assertEquals(200, jsonl.statusCode(), jsonl.body());
    assertTrue(jsonl.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));
    assertTrue(jsonl.headers().firstValue("Content-Disposition").orElse("").contains(".jsonl\""));
    List<JsonObject> lines = jsonl.body().lines().map(JsonObject::new).toList();
    assertEquals(expected, lines.stream().map(l -> l.getLong("seq")).toList());
    assertEquals(records.get(4).get("hash"), lines.get(4).getString("hash"));

    JsonObject fromOnly = get("/api/v1/audit?limit=1000&from=" + encode(to.toInstant().toString()));
    assertEquals(seqsBetween(to, OffsetDateTime.now().plusYears(1)),
        fromOnly.getJsonArray("entries").stream().map(e -> ((JsonObject) e).getLong("seq")).toList());
  }

  @Test
  void concurrentAppendersKeepOneValidChain() throws Exception {
    int requests = 200;
    ExecutorService threads = Executors.newFixedThreadPool(16);
    List<String> ids = new ArrayList<>();
    try {
      List<Callable<String>> creates = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        creates.add(() -> create("flow-audit-concurrent", "review_content"));
      }
      for (Future<String> id : threads.invokeAll(creates)) {
        ids.add(id.get());
      }
      List<Callable<Integer>> answers = new ArrayList<>();
      for (String id : ids) {
        answers.add(() -> call("POST", REQUESTS + "/" + id + "/response", "{\"feedback\":\"approved\"}",
            TestGateway.API_KEY).statusCode());
      }
      for (Future<Integer> status : threads.invokeAll(answers)) {
        assertEquals(200, status.get());
      }
    } finally {
      threads.shutdownNow();
    }
    long total = count();
    assertTrue(total >= 3L * requests, "at least created, assigned and responded per request: " + total);
    JsonObject result = get("/api/v1/audit/verify");
    assertEquals(true, result.getBoolean("valid"), result.encode());
    assertEquals(total, result.getLong("entries"), result.encode());
    assertTrue(result.containsKey("first_invalid_seq") && result.getValue("first_invalid_seq") == null, result.encode());

    assertEquals(0, jdbcCount("select count(*) from audit_entries e"
        + " where not exists (select 1 from audit_chain c where (c.txid, c.id) = (e.txid, e.id))"), "every entry is linked");
    assertEquals(ids.size(), jdbcCount("select count(distinct request_id) from audit_log where action = 'request.responded'"
        + " and request_id in (select request_id from human_input_requests where execution_id = 'flow-audit-concurrent')"),
        "every answer is in the chain");
    assertEquals(ids.size(), jdbcCount("select count(*) from audit_log where action = 'request.responded'"
        + " and request_id in (select request_id from human_input_requests where execution_id = 'flow-audit-concurrent')"),
        "and only once");

    // More entries than one page of the export: all of them come out, in chain order.
    HttpResponse<String> all = call("GET", "/api/v1/audit/export?format=jsonl", null, TestGateway.API_KEY);
    assertEquals(200, all.statusCode());
    List<Long> seqs = all.body().lines().map(l -> new JsonObject(l).getLong("seq")).toList();
    assertEquals(total, seqs.size());
    assertEquals(seqsBetween(OffsetDateTime.parse("2000-01-01T00:00:00Z"), OffsetDateTime.now().plusYears(1)), seqs);
  }

  // --- helpers ---

  private static String create(String flowId, String method) {
    HttpResponse<String> created = call("POST", REQUESTS, new JsonObject().put("flow_id", flowId)
        .put("method_name", method).put("message", "Please review").put("output", "draft")
        .put("emit", new JsonArray().add("approved").add("rejected")).put("state", new JsonObject().put("k", 1))
        .encode(), TestGateway.API_KEY);
    assertEquals(201, created.statusCode(), created.body());
    return new JsonObject(created.body()).getString("request_id");
  }

  private static void respond(String requestId, String feedback) {
    HttpResponse<String> answered = call("POST", REQUESTS + "/" + requestId + "/response",
        new JsonObject().put("feedback", feedback).encode(), TestGateway.API_KEY);
    assertEquals(200, answered.statusCode(), answered.body());
  }

  private static List<JsonObject> entriesOf(String requestId) {
    JsonArray entries = get("/api/v1/audit?limit=1000&request_id=" + requestId).getJsonArray("entries");
    List<JsonObject> list = new ArrayList<>();
    entries.forEach(e -> list.add((JsonObject) e));
    return list;
  }

  private static List<String> actions(List<JsonObject> entries) {
    return entries.stream().map(e -> e.getString("action")).toList();
  }

  private static void assertValid() {
    JsonObject result = get("/api/v1/audit/verify");
    assertEquals(true, result.getBoolean("valid"), result.encode());
    assertEquals(count(), result.getLong("entries"), result.encode());
  }

  private static JsonObject get(String path) {
    HttpResponse<String> response = call("GET", path, null, TestGateway.API_KEY);
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return new JsonObject(response.body());
  }

  static HttpResponse<String> call(String method, String path, String json, String key) {
    return new Caller(env.gateway().port(), key).call(method, path, json);
  }


  private static void assertError(HttpResponse<String> response, int status, String error) {
    assertEquals(status, response.statusCode(), response.body());
    JsonObject body = new JsonObject(response.body());
    assertEquals(error, body.getString("error"), response.body());
    assertTrue(body.getString("message") != null && !body.getString("message").isBlank(), response.body());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Connection jdbc() throws SQLException {
    var db = env.gateway().database();
    return db.openJdbc();
  }

  /** Every committed change's entries are chained before the API reads; reading through JDBC, ask the API first. */
  private static void chained() {
    get("/api/v1/audit?limit=1");
  }

  private static long count() {
    chained();
    try (Connection db = jdbc(); Statement st = db.createStatement();
         ResultSet rs = st.executeQuery("select count(*) from audit_log")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static OffsetDateTime databaseNow() throws SQLException {
    try (Connection db = jdbc(); Statement st = db.createStatement();
         ResultSet rs = st.executeQuery("select clock_timestamp()")) {
      rs.next();
      return rs.getObject(1, OffsetDateTime.class);
    }
  }

  private static List<Long> seqsBetween(OffsetDateTime from, OffsetDateTime to) throws SQLException {
    chained();
    try (Connection db = jdbc();
         PreparedStatement st = db.prepareStatement("select seq from audit_log where at >= ? and at < ? order by seq")) {
      st.setObject(1, from);
      st.setObject(2, to);
      List<Long> seqs = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          seqs.add(rs.getLong(1));
        }
      }
      return seqs;
    }
  }

  /** What an attacker with the database superuser's rights could do. */
  private static void asSuperuserWithoutTriggers(String sql) throws SQLException {
    try (Connection db = jdbc(); Statement st = db.createStatement()) {
      db.setAutoCommit(false);
      st.execute("alter table audit_entries disable trigger user");
      st.execute(sql);
      st.execute("alter table audit_entries enable trigger user");
      db.commit();
    }
  }

  private static final List<String> COLUMNS =
      List.of("txid", "id", "entry_id", "at", "action", "actor", "request_id", "details");

  /** Selects the entry linked at {@code seq}. */
  private static String entryAt(long seq) {
    return "(txid, id) = (select txid, id from audit_chain where seq = " + seq + ")";
  }

  private static Map<String, Object> entry(long seq) throws SQLException {
    try (Connection db = jdbc(); Statement st = db.createStatement();
         ResultSet rs = st.executeQuery("select * from audit_entries where " + entryAt(seq))) {
      assertTrue(rs.next());
      Map<String, Object> row = new HashMap<>();
      for (String column : COLUMNS) {
        row.put(column, "at".equals(column) ? rs.getObject(column, OffsetDateTime.class) : rs.getObject(column));
      }
      return row;
    }
  }

  private static void restore(Map<String, Object> row) throws SQLException {
    try (Connection db = jdbc(); Statement st = db.createStatement()) {
      db.setAutoCommit(false);
      try (PreparedStatement insert = db.prepareStatement("insert into audit_entries (txid, id, entry_id, at, action,"
          + " actor, request_id, details) values (?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
        for (int i = 0; i < COLUMNS.size(); i++) {
          Object value = row.get(COLUMNS.get(i));
          if ("details".equals(COLUMNS.get(i))) {
            insert.setString(i + 1, value.toString());
          } else {
            insert.setObject(i + 1, value);
          }
        }
        insert.executeUpdate();
      }
      db.commit();
    }
  }
}
