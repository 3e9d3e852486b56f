package io.hitl.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.*;
import java.util.stream.*;

import static io.hitl.loadtest.Main.*;

/** The scenarios. Each is bounded in time and stops by itself. */
final class Scenarios {
  static final int GW_PORT = 18080, BARE_PORT = 18081, PUSHPIN_PORT = 18099, PUSHPIN_BACKEND = 18098;

  static Target start(String which, String scenario) throws Exception {
    System.out.println("== starting " + which);
    List<String> jvm = new ArrayList<>();
    if (opt.containsKey("jfr")) jvm.add("-XX:StartFlightRecording=filename=results/gateway-" + scenario + ".jfr,settings=profile");
    jvm.addAll(Main.jvmOptions("gw-jvm", ""));   // e.g. "-agentpath:…/libasyncProfiler.so=start,event=cpu,file=…,collapsed"
    return switch (which) {
      case "gateway" -> Target.gateway(scenario, GW_PORT, jvm);
      case "bare" -> Target.bare(scenario, BARE_PORT, Main.jvmOptions("bare-jvm", ""));
      case "floor" -> Target.floor(scenario, BARE_PORT, Main.jvmOptions("bare-jvm", ""));
      case "pushpin" -> Target.pushpin(scenario, PUSHPIN_PORT, PUSHPIN_BACKEND);
      default -> throw new IllegalArgumentException(which);
    };
  }

  static List<String> execs(String prefix, int from, int count) {
    return IntStream.range(from, from + count).mapToObj(i -> prefix + i).collect(Collectors.toList());
  }

  /**
   * fan-out: 1 execution, 5,000 WebSocket subscribers, rate stepped up until p99 > 100 ms; each
   * target in turn, {@code --rounds} times (default 3), interleaved. On this machine one event to
   * 5,000 sockets already takes 80–100 ms of both cores (target and generator together), so a
   * single ladder's first steps land on either side of 100 ms by chance; a target's figures are the
   * medians over its rounds, and every round is kept. The ladder steps by at most 1.25× from
   * 8 to 20 events/s, where all targets so far crossed 100 ms: with the earlier 1, 2, 5, 10, 20
   * ladder a ratio could only come out as 0.5, 1 or 2, too coarse to tell 0.8 from 0.5.
   */
  static JsonObject fanout() throws Exception {
    int subs = Integer.parseInt(opt.getOrDefault("subs", String.valueOf(n(5000))));
    int rounds = Integer.parseInt(opt.getOrDefault("rounds", "3"));
    double[] rates = Arrays.stream(opt.getOrDefault("rates", "1,2,4,6,8,10,12,14,16,18,20,24,28,32,40,80,160,320,640").split(","))
        .mapToDouble(Double::parseDouble).toArray();
    long stepMs = ms(Double.parseDouble(opt.getOrDefault("step-seconds", "8")));
    String[] targetNames = opt.getOrDefault("targets", "gateway,bare,pushpin").split(",");
    if (Arrays.asList(targetNames).contains("pushpin")) Target.requirePushpin();
    Map<String, List<JsonObject>> ladders = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (String which : targetNames) {
        if (rounds > 1) System.out.println("== round " + round + " of " + rounds);
        JsonObject ladder = ladder(which, subs, rates, stepMs);
        ladders.computeIfAbsent(ladder.getString("target"), k -> new ArrayList<>()).add(ladder.put("round", round));
      }
    }
    JsonObject targets = new JsonObject();
    ladders.forEach((name, runs) -> targets.put(name, runs.size() == 1 ? runs.get(0) : medianOf(runs)));
    JsonObject out = new JsonObject().put("subscribers", subs).put("step_ms", stepMs).put("rounds", rounds).put("targets", targets);
    double gw = best(targets, "gateway"), bare = best(targets, "bare-vertx"), pp = best(targets, "pushpin");
    if (gw > 0 && bare > 0) out.put("ratio_gateway_bare", gw / bare);
    if (gw > 0 && pp > 0) out.put("ratio_gateway_pushpin", gw / pp);
    double gwP = peak(targets, "gateway"), bareP = peak(targets, "bare-vertx"), ppP = peak(targets, "pushpin");
    if (gwP > 0 && bareP > 0) out.put("peak_ratio_gateway_bare", gwP / bareP);
    if (gwP > 0 && ppP > 0) out.put("peak_ratio_gateway_pushpin", gwP / ppP);
    return out;
  }

  /** One target's ladder: start it, connect the subscribers, warm up, step the rate up, stop it. */
  static JsonObject ladder(String which, int subs, double[] rates, long stepMs) throws Exception {
    Target t = start(which, "fanout");
    Fleet f = new Fleet();
    Publisher p = new Publisher(t, 64);
    JsonObject tr = new JsonObject().put("target", t.name);
    try (Progress pr = new Progress("fanout", f, p, t)) {
      f.add(t, new Group("ws", "fan-", 0, 1, subs), 9000);
      Thread.sleep(1000);
      pr.phase = "warm-up";
      // JIT warm-up of target and generator, not recorded: C2 needs tens of seconds of CPU on this machine.
      // First the producer path: at 1 event/s a target's per-event code (HTTP, and for the gateway its
      // commit, notification and read) would reach C2 only after hours, and compile during the ladder;
      // 5,000 events to an execution nobody follows compile it, as a day's traffic would.
      p.run(List.of("fan-warm"), 500, ms(10));
      tr.put("warmup", warmUp(t, f, p, List.of("fan-0"), rates[0], 15));
      JsonArray steps = new JsonArray();
      tr.put("steps", steps);
      for (double rate : rates) {
        pr.phase = "rate " + (int) rate;
        JsonObject s = step(t, f, p, List.of("fan-0"), rate, stepMs, 2000);
        steps.add(s);
        // Past p99 > 100 ms keep stepping only to find the saturation throughput (peak), bounded.
        if (s.getDouble("p99_ms") > 5000) { System.out.println("  p99 > 5 s: stop stepping"); break; }
        if (s.getDouble("delivered_per_s") < 0.85 * rate * s.getLong("open")) { System.out.println("  delivered below 85% of offered: saturated, stop stepping"); break; }
        if (s.getLong("acked") < 0.9 * rate * stepMs / 1000.0 - 2) { System.out.println("  producer API below 90% of the offered rate: stop stepping"); break; }
      }
      double[] figures = Report.fanoutFigures(tr);
      tr.put("best_delivered_per_s_p99_le_100ms", figures[0]).put("peak_delivered_per_s", figures[2])
          .put("connect", f.connectInfo).put("integrity", integrity(f, p));
    } finally { f.close(); t.stop(); }
    System.out.println("== " + t.name + ": best delivered " + Math.round(tr.getDouble("best_delivered_per_s_p99_le_100ms"))
        + " msg/s with p99 <= 100 ms; integrity " + tr.getJsonObject("integrity").encode());
    return tr;
  }

  /** A target over several rounds: the median of each figure, integrity summed, every round kept. */
  static JsonObject medianOf(List<JsonObject> runs) {
    JsonObject integrity = summedIntegrity(runs);
    return new JsonObject().put("target", runs.get(0).getString("target"))
        .put("best_delivered_per_s_p99_le_100ms", median(runs, "best_delivered_per_s_p99_le_100ms"))
        .put("peak_delivered_per_s", median(runs, "peak_delivered_per_s"))
        .put("integrity", integrity).put("rounds", new JsonArray(new ArrayList<>(runs)));
  }

  /** The runs' integrity counts added up: what was lost or duplicated in any of them. */
  static JsonObject summedIntegrity(List<JsonObject> runs) {
    JsonObject integrity = new JsonObject();
    for (JsonObject r : runs)
      r.getJsonObject("integrity").forEach(e -> {
        if (e.getValue() instanceof Number n) integrity.put(e.getKey(), integrity.getLong(e.getKey(), 0L) + n.longValue());
      });
    return integrity;
  }

  /**
   * Runs a steady scenario {@code --rounds} times (default 3), each against a fresh target and
   * database, one after the other. On this VM one 30 s step's p99 or throughput moves by a third
   * from run to run, so a single run cannot tell whether a target is met: the result's
   * {@code step} holds the median of every figure over the rounds, {@code integrity} their sums,
   * and {@code each_round} every round's own step and integrity.
   */
  static JsonObject inRounds(java.util.concurrent.Callable<JsonObject> scenario) throws Exception {
    int rounds = Integer.parseInt(opt.getOrDefault("rounds", "3"));
    List<JsonObject> runs = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      if (rounds > 1) System.out.println("== round " + round + " of " + rounds);
      runs.add(scenario.call());
    }
    if (runs.size() == 1) return runs.get(0);
    JsonArray each = new JsonArray();
    runs.forEach(r -> each.add(new JsonObject().put("step", r.getJsonObject("step")).put("integrity", r.getJsonObject("integrity"))));
    JsonObject out = runs.get(runs.size() - 1).copy().put("rounds", rounds).put("each_round", each)
        .put("step", medianFigures(runs.stream().map(r -> r.getJsonObject("step")).toList())).put("integrity", summedIntegrity(runs));
    System.out.println("== " + opt.get("_cmd") + ", median of " + rounds + " rounds: " + out.getJsonObject("step").encode());
    return out;
  }

  /** Each numeric field's median over {@code objects} (nested objects field by field); other fields from the first. */
  static JsonObject medianFigures(List<JsonObject> objects) {
    JsonObject out = new JsonObject();
    for (String key : objects.get(0).fieldNames()) {
      Object first = objects.get(0).getValue(key);
      if (first instanceof Number) out.put(key, Report.median(objects.stream().mapToDouble(o -> o.getDouble(key, 0.0)).toArray()));
      else if (first instanceof JsonObject) out.put(key, medianFigures(objects.stream().map(o -> o.getJsonObject(key)).toList()));
      else out.put(key, first);
    }
    return out;
  }

  static double median(List<JsonObject> runs, String field) {
    return Report.median(runs.stream().mapToDouble(r -> r.getDouble(field)).toArray());
  }

  /** Seconds of unrecorded load before measuring ({@code --warmup S}): the least warm-up. */
  static double warmupSeconds(double dflt) {
    return Double.parseDouble(opt.getOrDefault("warmup", String.valueOf(dflt)));
  }

  /**
   * Warms the target up at the measured load: at least {@code --warmup} seconds, then on in 5 s
   * slices while its JIT compiler threads still use more than 10 % of a core, up to
   * {@code --warmup-max} seconds (default 120). How long C2 keeps compiling depends on how fast
   * the machine is that day (25 s on a quiet one, over 60 s with a busy neighbour); what it
   * compiles is not what users feel in steady state. Returns the warm-up's length and the
   * compilers' last share of a core, for the results.
   */
  static JsonObject warmUp(Target t, Fleet f, Publisher p, List<String> execs, double rate, double minSeconds) throws Exception {
    long start = System.nanoTime();
    step(t, f, p, execs, rate, ms(warmupSeconds(minSeconds)), 1000);
    double max = Double.parseDouble(opt.getOrDefault("warmup-max", "120"));
    double jitPct;
    while (true) {
      double c0 = t.compilerCpuSeconds();
      long s0 = System.nanoTime();
      p.run(execs, rate, ms(5));
      jitPct = 100 * (t.compilerCpuSeconds() - c0) / ((System.nanoTime() - s0) / 1e9);
      double elapsed = (System.nanoTime() - start) / 1e9;
      if (jitPct <= 10 || elapsed >= max * scale) {
        System.out.printf("  warm-up done after %.0f s (JIT compilers at %.0f%% of a core)%n", elapsed, jitPct);
        return new JsonObject().put("warmup_seconds", elapsed).put("jit_cpu_pct_at_end_of_warmup", jitPct);
      }
      System.out.printf("  JIT compilers still at %.0f%% of a core: warming up 5 s more%n", jitPct);
    }
  }

  static double peak(JsonObject targets, String name) {
    JsonObject o = targets.getJsonObject(name);
    return o == null ? 0 : o.getDouble("peak_delivered_per_s");
  }

  static double best(JsonObject targets, String name) {
    JsonObject o = targets.getJsonObject(name);
    return o == null ? 0 : o.getDouble("best_delivered_per_s_p99_le_100ms");
  }

  /** Measures one steady load against the gateway with the given subscriber groups. */
  static JsonObject steady(String scenario, List<Group> groups, List<String> targetExecs, double rate, double seconds, int inflight) throws Exception {
    Target t = start(opt.getOrDefault("target", "gateway"), scenario);
    Fleet f = new Fleet();
    Publisher p = new Publisher(t, inflight);
    JsonObject out = new JsonObject();
    try (Progress pr = new Progress(scenario, f, p, t)) {
      for (Group g : groups) f.add(t, g, g.kind().equals("poll") ? 2000 : 5000);
      Thread.sleep(2000);
      pr.phase = "warm-up";
      // JIT warm-up of the fresh target JVM at the measured load, not recorded: C2 compiles for tens
      // of seconds of load, taking up to half a core, which would otherwise be measured as latency
      JsonObject warm = warmUp(t, f, p, targetExecs, rate, 30);
      pr.phase = "measure";
      out.put("step", step(t, f, p, targetExecs, rate, ms(seconds), 3000).mergeIn(warm));
      out.put("connect", f.connectInfo).put("integrity", integrity(f, p));
      String m = t.metrics();
      out.put("gateway_connections", new JsonObject()
          .put("websocket", Target.metric(m, "hitl_connections{transport=\"websocket\""))
          .put("sse", Target.metric(m, "hitl_connections{transport=\"sse\""))
          .put("poll", Target.metric(m, "hitl_connections{transport=\"poll\"")));
      if (t.db != null) out.put("db", t.db);
    } finally { f.close(); t.stop(); }
    System.out.println("== " + scenario + ": " + out.getJsonObject("step").encode() + "\n   integrity " + out.getJsonObject("integrity").encode());
    return out;
  }

  /** many channels: 10,000 executions × 1 WS, + 2,000 SSE + 500 long-pollers, 2,000 events/s. */
  static JsonObject channels() throws Exception {
    int ex = n(10_000), sse = n(2_000), poll = n(500);
    return inRounds(() -> steady("channels", List.of(new Group("ws", "ch-", 0, ex, 1), new Group("sse", "ch-", 0, sse, 1),
        new Group("poll", "ch-", sse, poll, 1)), execs("ch-", 0, ex), Double.parseDouble(opt.getOrDefault("rate", "2000")),
        Double.parseDouble(opt.getOrDefault("seconds", "30")), 128))
        .put("layout", ex + " executions x 1 WebSocket; SSE on the first " + sse + "; long polls on the next " + poll + "; events round-robin over all executions");
  }

  /** low load: 1,000 subscribers (1,000 executions × 1 WS), 1,000 events/s round-robin. */
  static JsonObject lowload() throws Exception {
    int ex = n(1000);
    return inRounds(() -> steady("lowload", List.of(new Group("ws", "low-", 0, ex, 1)), execs("low-", 0, ex),
        Double.parseDouble(opt.getOrDefault("rate", "1000")), Double.parseDouble(opt.getOrDefault("seconds", "30")), 64))
        .put("layout", ex + " executions x 1 WebSocket, events round-robin");
  }

  /** durable ingest: closed-loop concurrent producers, fsync on; every event also delivered to one WS subscriber per execution. */
  static JsonObject ingest() throws Exception {
    int ex = 100, inflight = Integer.parseInt(opt.getOrDefault("inflight", "64"));
    JsonObject r = inRounds(() -> steady("ingest", List.of(new Group("ws", "ing-", 0, ex, 1)), execs("ing-", 0, ex), 0,
        Double.parseDouble(opt.getOrDefault("seconds", "20")), inflight));
    r.put("layout", inflight + " concurrent producer requests (closed loop) over " + ex + " executions, 1 WebSocket subscriber each");
    r.put("pg_fsync", Target.sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "show fsync").trim());
    r.put("pg_synchronous_commit", Target.sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "show synchronous_commit").trim());
    return r;
  }

  /** Memory of the gateway processes together after a full GC in each, and the connections each reports. */
  static JsonObject mem(List<Target> gateways, long conns, String transport) throws Exception {
    JsonObject o = new JsonObject().put("connections", conns);
    JsonArray perReplica = new JsonArray();
    for (Target t : gateways) {
      double reported = Target.metric(t.metrics(), "hitl_connections{transport=\"" + transport + "\"");
      t.memory().forEach((k, v) -> o.put(k, o.getDouble(k, 0.0) + v));
      o.put("gateway_reported", o.getDouble("gateway_reported", 0.0) + reported);
      perReplica.add(reported);
    }
    if (gateways.size() > 1) o.put("reported_per_replica", perReplica);
    return o;
  }

  /**
   * idle: WebSocket, then SSE connections in stages; gateway memory per connection. One gateway
   * process holds at most 19,000 (the hard open-files limit is 20,000 per process here, and the
   * gateway needs some for itself); {@code --replicas 2} spreads the connections over two gateway
   * processes on one database, as behind a load balancer, and counts their memory together.
   */
  static JsonObject idle() throws Exception {
    int replicas = Integer.parseInt(opt.getOrDefault("replicas", "1"));
    int[] stages = Arrays.stream(opt.getOrDefault("stages", replicas > 1 ? "1000,5000,10000,20000" : "1000,5000,10000,19000").split(","))
        .mapToInt(Integer::parseInt).map(Main::n).toArray();
    List<Target> gateways = new ArrayList<>();
    JsonObject out = new JsonObject().put("replicas", replicas).put("note", replicas > 1
        ? replicas + " gateway processes on one database, connections spread evenly; memory is their sum over the sum of their baselines"
        : "one gateway process: 20,000 is out of reach, the hard open-files limit is 20,000 per process and the gateway needs some for itself");
    try {
      gateways.add(start("gateway", "idle"));
      for (int r = 1; r < replicas; r++) gateways.add(Target.gatewayReplica(gateways.get(0), "idle", GW_PORT + 100 + r, List.of()));
      for (String kind : List.of("ws", "sse")) {
        String transport = kind.equals("ws") ? "websocket" : "sse";
        Fleet f = new Fleet();
        Thread.sleep(3000);
        JsonObject base = mem(gateways, 0, transport);
        JsonArray points = new JsonArray();
        int have = 0;
        try (Progress pr = new Progress("idle-" + kind, f, null, gateways.get(0))) {
          for (int st : stages) {
            pr.phase = "open " + st;
            for (int r = 0, from = have; r < replicas; r++) {
              int part = (st - have) / replicas + (r < (st - have) % replicas ? 1 : 0);
              if (part > 0) f.add(gateways.get(r), new Group(kind, "idle-" + kind + "-", from, part, 1), 9000);
              from += part;
            }
            have = st;
            Thread.sleep(ms(8));
            JsonObject m = mem(gateways, have, transport);
            double per = (m.getDouble("heap_used_after_gc") + m.getDouble("direct_buffers") - base.getDouble("heap_used_after_gc") - base.getDouble("direct_buffers")) / have;
            m.put("bytes_per_connection_heap_plus_direct", per)
             .put("bytes_per_connection_rss", (m.getDouble("rss") - base.getDouble("rss")) / have);
            points.add(m);
            if (st == stages[stages.length - 1]) {
              // what the per-connection bytes are made of: top of the gateway's class histogram (live objects)
              String histo = Target.sh("jcmd", String.valueOf(gateways.get(0).main.pid()), "GC.class_histogram");
              java.nio.file.Files.writeString(java.nio.file.Paths.get("results", opt.getOrDefault("name", "idle") + "-" + kind + "-class-histogram.txt"),
                  String.join("\n", histo.lines().limit(45).toList()) + "\n");
            }
            System.out.printf("  %s %d connections: heap after GC %.1f MiB, direct %.1f MiB, RSS %.0f MiB -> %.0f B/connection (heap+direct), %.0f B/connection RSS%n",
                kind, have, m.getDouble("heap_used_after_gc") / 1048576, m.getDouble("direct_buffers") / 1048576, m.getDouble("rss") / 1048576,
                per, m.getDouble("bytes_per_connection_rss"));
          }
        } finally { f.close(); }
        out.put(kind, new JsonObject().put("baseline", base).put("points", points).put("connect", f.connectInfo));
        Thread.sleep(5000);
      }
    } finally {
      // replicas first: the primary drops the database
      for (int r = gateways.size() - 1; r >= 0; r--) gateways.get(r).stop();
    }
    return out;
  }

  /** scaling: constant active load (500 WS subscribers on 500 executions, 500 events/s) while idle connections grow. */
  static JsonObject scaling() throws Exception {
    int[] stages = Arrays.stream(opt.getOrDefault("stages", "1000,5000,10000,19000").split(",")).mapToInt(Integer::parseInt).map(Main::n).toArray();
    int active = Math.min(500, stages[0]);
    double rate = Double.parseDouble(opt.getOrDefault("rate", "500"));
    Target t = start("gateway", "scaling");
    Fleet f = new Fleet();
    Publisher p = new Publisher(t, 64);
    JsonArray points = new JsonArray();
    try (Progress pr = new Progress("scaling", f, p, t)) {
      f.add(t, new Group("ws", "act-", 0, active, 1), 9000);
      // JIT warm-up at the active load, not recorded: without it the first stage measures the compiler
      pr.phase = "warm-up";
      JsonObject warm = warmUp(t, f, p, execs("act-", 0, active), rate, 30);
      int have = active;
      for (int st : stages) {
        pr.phase = "conns " + st;
        if (st > have) f.add(t, new Group("ws", "idl-", have, st - have, 1), 9000);
        have = st;
        Thread.sleep(3000);
        double c0 = t.cpuSeconds(); long t0 = System.nanoTime();
        Thread.sleep(ms(5));
        double idleCpuPct = 100 * (t.cpuSeconds() - c0) / ((System.nanoTime() - t0) / 1e9);
        JsonObject s = step(t, f, p, execs("act-", 0, active), rate, ms(15), 2000);
        double marginal = (s.getDouble("target_cpu_pct") - idleCpuPct) / 100 / Math.max(1, s.getDouble("delivered_per_s")) * 1e6;
        s.put("connections", have).put("idle_target_cpu_pct", idleCpuPct).put("marginal_cpu_us_per_delivery", marginal);
        System.out.printf("  %d connections: idle CPU %.1f%%, marginal %.1f us CPU per delivered message%n", have, idleCpuPct, marginal);
        points.add(s);
      }
      return new JsonObject().put("active_subscribers", active).put("rate", rate).put("points", points)
          .put("warmup", warm).put("connect", f.connectInfo).put("integrity", integrity(f, p));
    } finally { f.close(); t.stop(); }
  }
}
