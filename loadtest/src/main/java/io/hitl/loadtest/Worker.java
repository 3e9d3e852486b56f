package io.hitl.loadtest;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.*;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A subscriber process: opens WebSocket, SSE or long-poll clients on a range of execution channels
 * and records, per received event, publish-to-receive latency (System.nanoTime stamped into the
 * request body by the publisher; CLOCK_MONOTONIC is shared by all processes on this machine),
 * distinct deliveries and duplicates (one bit per event sequence per subscriber; every event_id
 * carries exactly one sequence). Controlled over stdin (SNAP, GC, QUIT), answers on stdout ("@..." lines).
 * Each process stays below the 20,000 open-files limit.
 */
public final class Worker {
  static final class Stats {
    final Hist hist = new Hist();
    long recv, distinct, dups, unparsed;
    synchronized void record(long latUs, boolean dup) {
      recv++;
      if (dup) dups++; else distinct++;
      hist.record(latUs);
    }
  }

  final List<Stats> allStats = new CopyOnWriteArrayList<>();
  final ThreadLocal<Stats> stats = ThreadLocal.withInitial(() -> { Stats s = new Stats(); allStats.add(s); return s; });
  final AtomicLong open = new AtomicLong(), failed = new AtomicLong(), closed = new AtomicLong();
  volatile boolean stopping;

  String kind, host, key, prefix;
  int port, from, count, subs, inflight;
  String[] locals;
  Vertx vertx;
  final List<WebSocketClient> wsClients = new ArrayList<>();
  final List<HttpClientAgent> httpClients = new ArrayList<>();
  final PrintStream out = System.out;

  public static void main(String[] a) throws Exception {
    Worker w = new Worker();
    Map<String, String> m = Main.args(a);
    w.kind = m.get("kind"); w.host = m.getOrDefault("host", "127.0.0.1"); w.key = m.getOrDefault("key", "");
    w.prefix = m.get("prefix"); w.port = Integer.parseInt(m.get("port"));
    w.from = Integer.parseInt(m.get("from")); w.count = Integer.parseInt(m.get("count"));
    w.subs = Integer.parseInt(m.getOrDefault("subs", "1")); w.inflight = Integer.parseInt(m.getOrDefault("inflight", "200"));
    w.locals = m.getOrDefault("local", "127.0.0.1").split(",");
    w.run();
  }

  void emit(String s) { synchronized (out) { out.println(s); out.flush(); } }

  void run() throws Exception {
    // epoll, as the targets: the JDK selector (NIO) cost the receiving workers about a tenth more CPU
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setPreferNativeTransport(true));
    for (String l : locals) {
      wsClients.add(vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress(l)
          .setMaxConnections(100_000).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22).setConnectTimeout(30_000)));
      httpClients.add(vertx.createHttpClient(new HttpClientOptions().setLocalAddress(l).setKeepAlive(true)
          .setConnectTimeout(30_000).setIdleTimeout(0),
          new PoolOptions().setHttp1MaxSize(100_000).setMaxWaitQueueSize(-1)));
    }
    Thread stdin = new Thread(this::commands, "stdin");
    stdin.setDaemon(true);
    stdin.start();
    long t0 = System.nanoTime();
    Semaphore sem = new Semaphore(inflight);
    int n = 0;
    for (int e = 0; e < count && !stopping; e++) {
      String exec = prefix + (from + e);
      for (int s = 0; s < subs && !stopping; s++, n++) {
        sem.acquire();
        int li = n % locals.length;
        startOne(exec, li, () -> sem.release());
      }
    }
    sem.acquire(inflight);
    sem.release(inflight);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    emit("@CONNECTED " + new JsonObject().put("ok", open.get()).put("failed", failed.get()).put("retries", retries.get())
        .put("closed_by_server", closed.get()).put("close_codes", new JsonObject(new HashMap<>(closeCodes))).put("ms", ms).encode());
    java.util.Timer t = new java.util.Timer(true);
    t.scheduleAtFixedRate(new TimerTask() { public void run() { emit("@P " + totalRecv() + " " + open.get()); } }, 1000, 1000);
    synchronized (this) { while (!stopping) wait(); }
    vertx.close().await();
    emit("@BYE");
    System.exit(0);
  }

  long totalRecv() { long r = 0; for (Stats s : allStats) synchronized (s) { r += s.recv; } return r; }

  void commands() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.equals("SNAP")) {
          Hist h = new Hist(); long recv = 0, distinct = 0, dups = 0, unparsed = 0;
          for (Stats s : allStats) synchronized (s) {
            h.add(s.hist); s.hist.reset(); recv += s.recv; distinct += s.distinct; dups += s.dups; unparsed += s.unparsed;
          }
          emit("@SNAP " + new JsonObject().put("recv", recv).put("distinct", distinct).put("dups", dups)
              .put("unparsed", unparsed).put("open", open.get()).put("failed", failed.get()).put("closed", closed.get())
              .put("close_codes", new JsonObject(new HashMap<>(closeCodes)))
              .put("hist", h.encode()).encode());
        } else if (line.equals("GC")) {
          long t0 = System.nanoTime();
          System.gc();
          emit("@GC " + new JsonObject().put("ms", (System.nanoTime() - t0) / 1_000_000).encode());
        } else if (line.equals("QUIT")) break;
      }
    } catch (Exception ignored) { }
    synchronized (this) { stopping = true; notifyAll(); }
  }

  /** One subscriber's dedupe state, confined to its event loop. */
  final class Sub {
    final BitSet seen = new BitSet();
    void onEvent(String json) { onEvent(Buffer.buffer(json)); }
    /** Byte-level parse of the stamp {@code "lt:<seq>:<nanos>"} (no UTF-8 decoding, no JSON tree). */
    void onEvent(Buffer b) {
      long now = System.nanoTime();
      int n = b.length(), i = -1;
      for (int k = 0; k + 3 < n; k++)
        if (b.getByte(k) == '"' && b.getByte(k + 1) == 'l' && b.getByte(k + 2) == 't' && b.getByte(k + 3) == ':') { i = k + 4; break; }
      if (i < 0) {
        if (b.toString().contains("heartbeat")) return;
        Stats s = stats.get(); synchronized (s) { s.unparsed++; } return;
      }
      int seq = 0; byte c;
      while ((c = b.getByte(i++)) != ':') seq = seq * 10 + (c - '0');
      long sent = 0;
      while (i < n && (c = b.getByte(i++)) >= '0' && c <= '9') sent = sent * 10 + (c - '0');
      boolean dup = seen.get(seq);
      seen.set(seq);
      stats.get().record((now - sent) / 1000, dup);
    }
  }

  final AtomicLong retries = new AtomicLong();
  /** Close status codes of subscribers the server closed (a subscriber is never closed by the generator before QUIT). */
  final Map<String, Long> closeCodes = new ConcurrentHashMap<>();

  void startOne(String exec, int li, Runnable done) { startOne(exec, li, done, 0); }

  /** Opens one subscriber; a refused handshake is retried (up to 3 times, 250 ms apart) before it counts as failed. */
  void startOne(String exec, int li, Runnable done, int attempt) {
    Sub sub = new Sub();
    switch (kind) {
      case "ws" -> {
        ClientWebSocket ws = wsClients.get(li).webSocket();
        ws.handler(sub::onEvent); // whole text messages as bytes
        ws.closeHandler(v -> {
          open.decrementAndGet(); closed.incrementAndGet();
          closeCodes.merge(String.valueOf(ws.closeStatusCode()), 1L, Long::sum);
        });
        ws.exceptionHandler(t -> { });
        String uri = "/ws/human-input/" + exec + (key.isEmpty() ? "" : "?token=" + key);
        ws.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri)).onComplete(ar -> {
          if (ar.succeeded()) open.incrementAndGet();
          else if (attempt < 3 && !stopping) { retries.incrementAndGet(); vertx.setTimer(250, id -> startOne(exec, li, done, attempt + 1)); return; }
          else { failed.incrementAndGet(); if (failed.get() < 5) System.err.println("ws connect failed: " + ar.cause()); }
          done.run();
        });
      }
      case "sse" -> {
        RequestOptions ro = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
            .setURI("/events/human-input/" + exec).putHeader("Accept", "text/event-stream");
        if (!key.isEmpty()) ro.putHeader("Authorization", "Bearer " + key);
        httpClients.get(li).request(ro).compose(req -> req.send()).onComplete(ar -> {
          if (ar.succeeded() && ar.result().statusCode() == 200) {
            HttpClientResponse resp = ar.result();
            open.incrementAndGet();
            RecordParser p = RecordParser.newDelimited("\n", line -> {
              if (line.length() > 5 && line.getByte(0) == 'd' && line.getByte(4) == ':') sub.onEvent(line);
            });
            resp.handler(p);
            resp.endHandler(v -> { open.decrementAndGet(); closed.incrementAndGet(); });
            resp.exceptionHandler(t -> { });
          } else if (attempt < 3 && !stopping) {
            retries.incrementAndGet(); vertx.setTimer(250, id -> startOne(exec, li, done, attempt + 1)); return;
          } else {
            failed.incrementAndGet();
            if (failed.get() < 5) System.err.println("sse failed: " + (ar.succeeded() ? ar.result().statusCode() : ar.cause()));
          }
          done.run();
        });
      }
      case "poll" -> { open.incrementAndGet(); poll(exec, li, sub, null); done.run(); }
      default -> throw new IllegalArgumentException(kind);
    }
  }

  void poll(String exec, int li, Sub sub, String cursor) {
    if (stopping) return;
    String uri = "/poll/human-input/" + exec + "?timeout=20" + (cursor == null ? "" : "&last_event_id=" + cursor);
    RequestOptions ro = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port).setURI(uri)
        .setIdleTimeout(60_000);
    if (!key.isEmpty()) ro.putHeader("Authorization", "Bearer " + key);
    httpClients.get(li).request(ro).compose(req -> req.send().compose(resp ->
        resp.body().map(b -> resp.statusCode() == 200 ? b : null))).onComplete(ar -> {
      String next = cursor;
      if (ar.succeeded() && ar.result() != null) {
        JsonObject o = ar.result().toJsonObject();
        JsonArray evs = o.getJsonArray("events");
        for (int i = 0; i < evs.size(); i++) sub.onEvent(evs.getJsonObject(i).encode());
        if (o.getString("last_event_id") != null) next = o.getString("last_event_id");
      } else {
        failed.incrementAndGet();
        vertx.setTimer(200, id -> poll(exec, li, sub, cursor));
        return;
      }
      String c2 = next;
      poll(exec, li, sub, c2);
    });
  }
}
