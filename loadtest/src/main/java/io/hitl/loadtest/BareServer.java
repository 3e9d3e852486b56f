package io.hitl.loadtest;

import io.vertx.core.*;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.transport.Transport;
import io.vertx.core.http.*;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.*;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ceiling: a bare Vert.x WebSocket/SSE/long-poll broadcast server with the gateway's paths and
 * event JSON, but no persistence, no auth, no replay (a long poll gets the next event published while
 * it waits). One HTTP server instance per event loop; a
 * published event is encoded once and handed once to each event loop, which writes it to its own
 * subscribers of that execution.
 *
 * <p>With {@value #DB_VARIABLE} set it is the <em>durable floor</em> instead: each published event
 * is one row, committed (fsync on) before the 201, and delivered from that row's {@code NOTIFY},
 * which carries the event. Rows are group-committed like the gateway's creates: one insert in
 * flight, and the events that arrive meanwhile go together into the next one. That is about the
 * least a server must do to persist events in PostgreSQL before delivering them (one row per event,
 * one statement and commit per batch, one notification per event; no reads, no ordering across
 * commits, no replay, no audit), so it shows what persistence alone costs on the machine at hand.
 */
public final class BareServer extends VerticleBase {
  /** execution -> subscribers, per event loop (each map is only touched by its own loop). */
  static final List<BareServer> LOOPS = new java.util.concurrent.CopyOnWriteArrayList<>();
  final Map<String, List<ServerWebSocket>> ws = new HashMap<>();
  final Map<String, List<HttpServerResponse>> sse = new HashMap<>();
  final Map<String, List<Poll>> polls = new HashMap<>();

  /**
   * A waiting long poll and the event its client saw last: a client that re-polls on the other
   * event loop can get there before that loop has handed out the same event, which it must not
   * get twice.
   */
  record Poll(HttpServerResponse response, String lastEventId) {}
  static int port;

  /** Which transport the bare server runs on: auto (as the gateway's default), epoll or io_uring. */
  static final String TRANSPORT_VARIABLE = "BARE_TRANSPORT";

  /** The gateway's HITL_TRANSPORT=auto choice (io_uring, else epoll, else NIO), or the one named. */
  static Transport transport(String name) {
    return switch (name) {
      case "epoll" -> Transport.EPOLL;
      case "io_uring" -> Transport.IO_URING;
      case "nio" -> Transport.NIO;
      default -> Transport.IO_URING.available() ? Transport.IO_URING : Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
    };
  }

  /** A {@code postgresql://} URL: run as the durable floor against that database. */
  static final String DB_VARIABLE = "BARE_DB_URL";
  static final String CHANNEL = "floor_events";
  static final String SCHEMA = "create table if not exists floor_events (seq bigserial primary key,"
      + " execution_id text not null, event_id text not null, body text not null);"
      + " create or replace function floor_notify() returns trigger language plpgsql as $$ begin"
      + " perform pg_notify('" + CHANNEL + "', new.execution_id || ' ' || new.event_id || ' ' || new.body); return null; end $$;"
      + " create or replace trigger floor_notify after insert on floor_events for each row execute function floor_notify()";
  static final String INSERT = "insert into floor_events (execution_id, event_id, body)"
      + " select * from unnest($1::text[], $2::text[], $3::text[])";
  static final int MAX_BATCH = 256;
  /** The durable floor's pool; null for the broadcast ceiling. */
  static Pool pool;
  /** Events waiting for the insert in flight; guarded by itself. */
  static final List<Pending> toInsert = new ArrayList<>();
  static boolean inserting;

  /** One published event of the durable floor, and where to answer once it is committed. */
  record Pending(String exec, String eventId, String json, String created, HttpServerResponse response, Context context) {}

  public static void main(String[] a) {
    port = Integer.parseInt(a[0]);
    int loops = a.length > 1 ? Integer.parseInt(a[1]) : Runtime.getRuntime().availableProcessors();
    Transport transport = transport(System.getenv().getOrDefault(TRANSPORT_VARIABLE, "auto"));
    Vertx v = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(loops)).withTransport(transport).build();
    String db = System.getenv(DB_VARIABLE);
    if (db != null) {
      PgConnectOptions options = PgConnectOptions.fromUri(db);
      PgConnection listener = PgConnection.connect(v, options).await();
      listener.query(SCHEMA).execute().await();
      listener.notificationHandler(n -> {
        String payload = n.getPayload();
        int execEnd = payload.indexOf(' '), idEnd = payload.indexOf(' ', execEnd + 1);
        broadcast(payload.substring(0, execEnd), payload.substring(execEnd + 1, idEnd), payload.substring(idEnd + 1));
      });
      listener.query("LISTEN " + CHANNEL).execute().await();
      pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(options).using(v).build();
    }
    v.deployVerticle(BareServer::new, new DeploymentOptions().setInstances(loops)).await();
    System.out.println("bare server listening on 127.0.0.1:" + port + " (" + transport.name() + (db == null ? "" : ", durable floor") + ")");
  }

  @Override
  public Future<?> start() {
    LOOPS.add(this);
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setIdleTimeout(0))
        .requestHandler(this::handle).listen();
  }

  void handle(HttpServerRequest req) {
    String path = req.path();
    if (path.startsWith("/ws/human-input/")) {
      String exec = path.substring(16);
      req.toWebSocket().onSuccess(s -> {
        ws.computeIfAbsent(exec, k -> new ArrayList<>()).add(s);
        s.closeHandler(v -> ws.get(exec).remove(s));
      });
    } else if (path.startsWith("/events/human-input/")) {
      String exec = path.substring(20);
      HttpServerResponse r = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream")
          .putHeader("Cache-Control", "no-cache");
      r.write(":ok\n\n");
      sse.computeIfAbsent(exec, k -> new ArrayList<>()).add(r);
      r.closeHandler(v -> sse.get(exec).remove(r));
    } else if (path.startsWith("/poll/human-input/")) {
      String exec = path.substring(18);
      HttpServerResponse r = req.response().putHeader("Content-Type", "application/json");
      Poll poll = new Poll(r, req.getParam("last_event_id"));
      polls.computeIfAbsent(exec, k -> new ArrayList<>()).add(poll);
      String timeout = req.getParam("timeout");
      vertx.setTimer(1000L * (timeout == null ? 0 : Long.parseLong(timeout)) + 1, id -> {
        if (stopWaiting(exec, poll)) r.end("{\"events\":[],\"last_event_id\":null}");
      });
      r.closeHandler(v -> stopWaiting(exec, poll));
    } else if (path.equals("/api/v1/human-input-requests") && req.method() == HttpMethod.POST) {
      req.body().onSuccess(b -> {
        JsonObject in = b.toJsonObject();
        String exec = in.getString("execution_id");
        String eventId = UUID.randomUUID().toString(), requestId = UUID.randomUUID().toString();
        String json = event(in, eventId, requestId);
        String created = new JsonObject().put("request_id", requestId).put("event_id", eventId).put("status", "pending").encode();
        if (pool == null) {
          broadcast(exec, eventId, json);
          req.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(created);
        } else {
          synchronized (toInsert) {
            toInsert.add(new Pending(exec, eventId, json, created, req.response(), context));
          }
          insertWaiting();
        }
      });
    } else if (path.equals("/health")) {
      req.response().end("{\"status\":\"healthy\"}");
    } else req.response().setStatusCode(404).end();
  }

  /** Takes a long poll off its execution's waiting list; false when it was no longer there (answered). */
  boolean stopWaiting(String exec, Poll poll) {
    List<Poll> waiting = polls.get(exec);
    return waiting != null && waiting.remove(poll);
  }

  /** Inserts every waiting event (up to {@link #MAX_BATCH}) in one statement, unless an insert is in flight. */
  static void insertWaiting() {
    List<Pending> batch;
    synchronized (toInsert) {
      if (inserting || toInsert.isEmpty()) return;
      inserting = true;
      batch = new ArrayList<>(toInsert.subList(0, Math.min(MAX_BATCH, toInsert.size())));
      toInsert.subList(0, batch.size()).clear();
    }
    Tuple columns = Tuple.tuple().addArrayOfString(batch.stream().map(Pending::exec).toArray(String[]::new))
        .addArrayOfString(batch.stream().map(Pending::eventId).toArray(String[]::new))
        .addArrayOfString(batch.stream().map(Pending::json).toArray(String[]::new));
    pool.preparedQuery(INSERT).execute(columns).onComplete(ar -> {
      synchronized (toInsert) {
        inserting = false;
      }
      for (Pending p : batch) p.context().runOnContext(v -> {
        if (ar.succeeded()) p.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(p.created());
        else p.response().setStatusCode(500).end(ar.cause().getMessage());
      });
      insertWaiting();
    });
  }

  /** Hands one event, encoded once, to every event loop. */
  static void broadcast(String exec, String eventId, String json) {
    Buffer sseFrame = Buffer.buffer("id: " + eventId + "\ndata: " + json + "\n\n");
    String pollBody = "{\"events\":[" + json + "],\"last_event_id\":\"" + eventId + "\"}";
    for (BareServer loop : LOOPS) loop.context.runOnContext(v -> loop.deliver(exec, eventId, json, sseFrame, pollBody));
  }

  void deliver(String exec, String eventId, String json, Buffer sseFrame, String pollBody) {
    List<Poll> waiting = polls.remove(exec);
    if (waiting != null) {
      for (Poll p : waiting) {
        if (eventId.equals(p.lastEventId())) polls.computeIfAbsent(exec, k -> new ArrayList<>()).add(p);
        else p.response().end(pollBody);
      }
    }
    List<ServerWebSocket> w = ws.get(exec);
    if (w != null) for (ServerWebSocket s : w) if (!s.writeQueueFull()) s.writeTextMessage(json);
    List<HttpServerResponse> r = sse.get(exec);
    if (r != null) for (HttpServerResponse s : r) if (!s.writeQueueFull()) s.write(sseFrame);
  }

  /** The gateway's human_input_required event JSON, field for field. */
  static String event(JsonObject in, String eventId, String requestId) {
    return new JsonObject().put("type", "human_input_required").put("execution_id", in.getString("execution_id"))
        .put("crew_id", in.getValue("crew_id")).put("task_id", in.getString("task_id")).put("agent_id", in.getValue("agent_id"))
        .put("prompt", in.getString("prompt")).put("context", in.getValue("context"))
        .put("timestamp", Instant.now().toString()).put("event_id", eventId)
        .put("reason_flags", in.getValue("reason_flags", new JsonObject())).put("request_id", requestId).encode();
  }
}
