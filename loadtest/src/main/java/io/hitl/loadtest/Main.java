package io.hitl.loadtest;

import io.vertx.core.*;
import io.vertx.core.http.*;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.*;
import java.nio.file.*;
import java.time.Instant;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/** Orchestrator: launches the target, the subscriber workers and the publisher, runs a scenario, writes results. */
public final class Main {
  static Map<String, String> args(String[] a) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < a.length; i++) {
      if (a[i].startsWith("--")) {
        String k = a[i].substring(2);
        if (k.contains("=")) m.put(k.substring(0, k.indexOf('=')), k.substring(k.indexOf('=') + 1));
        else if (i + 1 < a.length && !a[i + 1].startsWith("--")) m.put(k, a[++i]);
        else m.put(k, "true");
      } else m.putIfAbsent("_cmd", a[i]);
    }
    return m;
  }

  static double cpuOf(long pid) {
    return cpuOfStat(Paths.get("/proc/" + pid + "/stat"));
  }

  /**
   * Seconds the threads of {@code pid} have spent runnable but waiting for a CPU ({@code schedstat}'s
   * run-queue delay, summed over the live threads): on a 2-core machine shared by generator, target
   * and PostgreSQL, this is the queueing that every hop of an event can add to its latency.
   */
  static double runQueueWaitOf(long pid) {
    double s = 0;
    try (var tasks = Files.list(Paths.get("/proc/" + pid + "/task"))) {
      for (java.nio.file.Path task : tasks.toList()) {
        try { s += Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[1]) / 1e9; }
        catch (Exception threadGone) { }
      }
    } catch (Exception processGone) { }
    return s;
  }

  /** utime + stime in seconds from a process's or thread's {@code stat} file (USER_HZ = 100). */
  static double cpuOfStat(java.nio.file.Path stat) {
    try {
      String s = Files.readString(stat);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (Exception e) { return 0; }
  }

  /**
   * The machine's CPU time so far in USER_HZ ticks ({@code /proc/stat}): steal is time this VM was
   * ready to run but the hypervisor ran another guest, so a busy neighbour shows.
   */
  record CpuTicks(long total, long steal) {
    static CpuTicks now() {
      try {
        String[] f = Files.readAllLines(Paths.get("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i <= 8 && i < f.length; i++) total += Long.parseLong(f[i]);
        return new CpuTicks(total, f.length > 8 ? Long.parseLong(f[8]) : 0);
      } catch (Exception e) { return new CpuTicks(0, 0); }
    }

    /** The share of the machine's CPU time since {@code before} that went to other guests, in %. */
    double stealPctSince(CpuTicks before) {
      return total == before.total ? 0 : 100.0 * (steal - before.steal) / (total - before.total);
    }
  }

  static double scale = 1.0;   // --scale 0.2 shrinks durations/counts for a smoke test
  static Map<String, String> opt;
  /**
   * The workers' collector and heap; {@code --worker-jvm "…"} replaces them. ZGC because its pauses stay below a
   * millisecond: the parallel collector paused workers 160–820 ms (the whole many-channels tail), and G1 spent a fifth
   * of a worker's CPU on card refinement (loadtest/README.md). Even ZGC's concurrent cycles, a few hundred ms of a
   * core each on this 2-core machine, showed as p99 spikes of every target in the step they fell into, so the harness
   * collects the workers between steps ({@link Fleet#collect()}) and the heap is sized, with proactive cycles off, so
   * that none starts inside a step: a fan-out worker allocates ~460 B per message, ~370 MB in a 20 events/s step,
   * and ZGC's first cycles start at 10 % of the heap.
   */
  static final String WORKER_GC = "-Xmx8g -XX:+UseZGC -XX:-ZProactive";

  /** The space-separated JVM options of option {@code name} ({@code --gw-jvm}, {@code --worker-jvm}), else of {@code dflt}. */
  static List<String> jvmOptions(String name, String dflt) {
    return Arrays.stream(opt.getOrDefault(name, dflt).split(" ")).filter(o -> !o.isBlank()).toList();
  }
  static final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
  static final AtomicInteger localCounter = new AtomicInteger(0);

  static final List<Process> STARTED = new CopyOnWriteArrayList<>();
  /** Every child process is ended when the harness exits, also on Ctrl-C or timeout. */
  static Process track(Process p) { STARTED.add(p); return p; }

  public static void main(String[] a) throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Process p : STARTED) if (p.isAlive()) { p.descendants().forEach(ProcessHandle::destroy); p.destroy(); }
    }));
    opt = args(a);
    scale = Double.parseDouble(opt.getOrDefault("scale", "1"));
    String cmd = opt.getOrDefault("_cmd", "help");
    Files.createDirectories(Paths.get("results", "charts"));
    JsonObject result = switch (cmd) {
      case "fanout" -> Scenarios.fanout();
      case "channels" -> Scenarios.channels();
      case "lowload" -> Scenarios.lowload();
      case "ingest" -> Scenarios.ingest();
      case "idle" -> Scenarios.idle();
      case "scaling" -> Scenarios.scaling();
      case "bare-server" -> { BareServer.main(new String[]{opt.getOrDefault("port", "18081")}); yield null; }
      case "report" -> { Report.summary(); yield null; }
      case "machine" -> { System.out.println(Machine.describe().encodePrettily()); yield null; }
      default -> { System.out.println("usage: java -jar target/loadtest.jar fanout|channels|lowload|ingest|idle|scaling|report|machine [--scale f]"); yield null; }
    };
    if (result != null) {
      if (opt.containsKey("gw-env")) result.put("gateway_env", opt.get("gw-env"));
      if (opt.containsKey("target")) result.put("target", opt.get("target"));
      result.put("scenario", cmd).put("finished_at", Instant.now().toString()).put("machine", Machine.describe());
      String name = opt.getOrDefault("name", cmd);  // --name keeps an experiment beside the main result
      Files.writeString(Paths.get("results", name + ".json"), result.encodePrettily());
      Report.summary();
      System.out.println("results: loadtest/results/" + name + ".json, loadtest/results/RESULTS.md, loadtest/results/charts/");
    }
    vertx.close();
    System.exit(0);
  }

  static long ms(double seconds) { return (long) (seconds * 1000 * scale); }
  static int n(int count) { return Math.max(1, (int) (count * Math.min(1.0, scale))); }

  // ------------------------------------------------------------------------------------------
  /** A subscriber process. */
  static final class WorkerProc {
    final Process p; final BufferedWriter in; final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    volatile long recv, open; final int planned;
    WorkerProc(Process p, int planned) {
      this.p = p; this.planned = planned;
      in = new BufferedWriter(new OutputStreamWriter(p.getOutputStream()));
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
          String l;
          while ((l = r.readLine()) != null) {
            if (l.startsWith("@P ")) { String[] f = l.split(" "); recv = Long.parseLong(f[1]); open = Long.parseLong(f[2]); }
            else if (l.startsWith("@")) replies.add(l);
            else System.out.println("  [worker] " + l);
          }
        } catch (IOException ignored) { }
      });
      t.setDaemon(true); t.start();
    }
    void send(String c) throws IOException { in.write(c); in.newLine(); in.flush(); }
    JsonObject await(String tag, long ms) throws Exception {
      long end = System.currentTimeMillis() + ms;
      while (System.currentTimeMillis() < end) {
        String l = replies.poll(200, TimeUnit.MILLISECONDS);
        if (l != null && l.startsWith("@" + tag + " ")) return new JsonObject(l.substring(tag.length() + 2));
        if (!p.isAlive()) throw new IllegalStateException("worker died (see results/logs)");
      }
      throw new TimeoutException("worker " + tag);
    }
  }

  /** Subscribers of one kind on executions prefix+from .. prefix+from+count-1, subs each. */
  record Group(String kind, String prefix, int from, int count, int subs) { int total() { return count * subs; } }

  static final class Fleet {
    final List<WorkerProc> workers = new ArrayList<>();
    final Map<String, Integer> subsPerExec = new HashMap<>();
    JsonArray connectInfo = new JsonArray();

    /** Starts workers (each ≤ maxPerWorker connections, 2 own source addresses) and waits until all are connected. */
    void add(Target t, Group g, int maxPerWorker) throws Exception {
      int execsPerWorker = Math.max(1, maxPerWorker / g.subs());
      List<WorkerProc> started = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int off = 0; off < g.count(); off += execsPerWorker) {
        int c = Math.min(execsPerWorker, g.count() - off);
        int k = localCounter.getAndAdd(2);
        String locals = "127.0.0." + (10 + k) + ",127.0.0." + (11 + k);
        if (10 + k + 1 > 254) throw new IllegalStateException("out of 127.0.0.x source addresses");
        // The workers' collector (WORKER_GC) and a GC log per worker, so that a generator pause is never taken for the target's
        List<String> jvm = new ArrayList<>(List.of("-Xss512k", "-Xlog:gc:file=" + Target.logDir().resolve("worker-" + k + "-gc.log")));
        jvm.addAll(jvmOptions("worker-jvm", WORKER_GC));
        List<String> cmd = Target.java(jvm, "-cp", Target.selfJar().toString(), "io.hitl.loadtest.Worker",
            "--kind", g.kind(), "--port", String.valueOf(g.kind().equals("ws") || g.kind().equals("sse") || g.kind().equals("poll") ? t.streamPort : t.apiPort),
            "--key", t.key.isEmpty() ? "" : t.key, "--prefix", g.prefix(), "--from", String.valueOf(g.from() + off),
            "--count", String.valueOf(c), "--subs", String.valueOf(g.subs()), "--local", locals,
            "--inflight", opt.getOrDefault("connect-inflight", "256"));
        if (t.key.isEmpty()) { int i = cmd.indexOf("--key"); cmd.remove(i); cmd.remove(i); }
        Process p = track(new ProcessBuilder(cmd).redirectError(Target.logDir().resolve("worker-" + k + ".err").toFile()).start());
        WorkerProc w = new WorkerProc(p, c * g.subs());
        started.add(w);
      }
      for (int e = 0; e < g.count(); e++) subsPerExec.merge(g.prefix() + (g.from() + e), g.subs(), Integer::sum);
      long ok = 0, failed = 0, retries = 0, closedEarly = 0;
      for (WorkerProc w : started) {
        JsonObject c = w.await("CONNECTED", 600_000);
        ok += c.getLong("ok"); failed += c.getLong("failed"); retries += c.getLong("retries"); closedEarly += c.getLong("closed_by_server");
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      workers.addAll(started);
      JsonObject info = new JsonObject().put("kind", g.kind()).put("planned", g.total()).put("connected", ok).put("failed", failed).put("retried_handshakes", retries).put("closed_by_server_while_connecting", closedEarly)
          .put("seconds", secs).put("connects_per_s", (ok + closedEarly) / secs).put("workers", started.size());
      connectInfo.add(info);
      System.out.printf("  connected %s: %d open, %d failed (%d handshakes retried), %d closed by the server while connecting, in %.1f s (%.0f connects/s, %d worker processes)%n",
          g.kind(), ok, failed, retries, closedEarly, secs, (ok + closedEarly) / secs, started.size());
    }

    /** Has every worker run a full collection, one after another (concurrent cycles, between steps); returns ms. */
    long collect() throws Exception {
      long t0 = System.nanoTime();
      for (WorkerProc w : workers) {
        w.send("GC");
        w.await("GC", 60_000);
      }
      return (System.nanoTime() - t0) / 1_000_000;
    }

    /** The generator's pids: this process and its workers. */
    List<Long> pids() {
      List<Long> pids = new ArrayList<>(List.of(ProcessHandle.current().pid()));
      for (WorkerProc w : workers) pids.add(w.p.pid());
      return pids;
    }

    /** Snapshot of all workers (histograms since the previous snapshot, cumulative counters). */
    Snap snap() throws Exception {
      for (WorkerProc w : workers) w.send("SNAP");
      Snap s = new Snap();
      for (WorkerProc w : workers) {
        JsonObject o = w.await("SNAP", 60_000);
        s.hist.add(Hist.decode(o.getString("hist")));
        s.recv += o.getLong("recv"); s.distinct += o.getLong("distinct"); s.dups += o.getLong("dups");
        s.open += o.getLong("open"); s.failed += o.getLong("failed"); s.unparsed += o.getLong("unparsed"); s.closed += o.getLong("closed");
      }
      return s;
    }

    long liveRecv() { long r = 0; for (WorkerProc w : workers) r += w.recv; return r; }
    long liveOpen() { long r = 0; for (WorkerProc w : workers) r += w.open; return r; }

    void close() throws Exception {
      for (WorkerProc w : workers) { try { w.send("QUIT"); } catch (IOException ignored) { } }
      for (WorkerProc w : workers) if (!w.p.waitFor(20, TimeUnit.SECONDS)) w.p.destroyForcibly();
      workers.clear();
    }
  }

  static final class Snap { final Hist hist = new Hist(); long recv, distinct, dups, open, failed, unparsed, closed; }

  // ------------------------------------------------------------------------------------------
  /** Producer through the HTTP producer API; open loop at a rate, or closed loop (rate <= 0) at max in-flight. */
  static final class Publisher {
    final HttpClientAgent client;
    final Target t;
    final AtomicInteger seq = new AtomicInteger();
    final Map<String, Integer> acked = new ConcurrentHashMap<>();
    final AtomicLong sentTotal = new AtomicLong(), ackedTotal = new AtomicLong(), errors = new AtomicLong();
    final int maxInflight;

    Publisher(Target t, int maxInflight) {
      this.t = t; this.maxInflight = maxInflight;
      client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setLocalAddress("127.0.0.2"),
          new PoolOptions().setHttp1MaxSize(maxInflight).setMaxWaitQueueSize(-1));
    }

    /** Publishes for durationMs; returns once every request is answered (bounded). */
    JsonObject run(List<String> execs, double rate, long durationMs) throws Exception {
      CompletableFuture<JsonObject> done = new CompletableFuture<>();
      Hist ack = new Hist();
      long[] c = new long[4]; // sent, acked, errors, inflight
      vertx.runOnContext(v0 -> {
        long start = System.nanoTime();
        long[] timer = new long[1];
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
          long now = System.nanoTime();
          double el = (now - start) / 1e9;
          boolean over = el * 1000 >= durationMs;
          long due = rate > 0 ? (long) (rate * Math.min(el, durationMs / 1000.0)) : Long.MAX_VALUE;
          while (!over && c[0] < due && c[3] < maxInflight) {
            int s = seq.getAndIncrement();
            String exec = execs.get((int) (c[0] % execs.size()));
            c[0]++; c[3]++; sentTotal.incrementAndGet();
            long sentAt = System.nanoTime();
            String body = "{\"execution_id\":\"" + exec + "\",\"task_id\":\"lt\",\"prompt\":\"load test\",\"context\":\"lt:" + s + ":" + sentAt + "\"}";
            RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(t.apiPort)
                .setURI("/api/v1/human-input-requests").putHeader("Content-Type", "application/json").setTimeout(30_000);
            if (!t.key.isEmpty()) ro.putHeader("Authorization", "Bearer " + t.key);
            client.request(ro).compose(r -> r.send(body).compose(resp -> resp.body().map(b -> resp.statusCode())))
                .onComplete(ar -> {
                  c[3]--;
                  if (ar.succeeded() && ar.result() == 201) {
                    c[1]++; ackedTotal.incrementAndGet(); acked.merge(exec, 1, Integer::sum);
                    ack.record((System.nanoTime() - sentAt) / 1000);
                  } else {
                    c[2]++; errors.incrementAndGet();
                    if (c[2] < 4) System.out.println("  publish error: " + (ar.succeeded() ? "HTTP " + ar.result() : ar.cause()));
                  }
                  if (rate <= 0) pump[0].run();
                });
          }
          if (over && c[3] == 0) {
            vertx.cancelTimer(timer[0]);
            double secs = (System.nanoTime() - start) / 1e9;
            done.complete(new JsonObject().put("offered_rate", rate).put("sent", c[0]).put("acked", c[1]).put("errors", c[2])
                .put("publish_seconds", Math.min(secs, durationMs / 1000.0)).put("acked_per_s", c[1] / (durationMs / 1000.0))
                .put("ack_p50_ms", ack.pct(50) / 1000.0).put("ack_p99_ms", ack.pct(99) / 1000.0));
          }
        };
        timer[0] = vertx.setPeriodic(1, id -> pump[0].run());
      });
      return done.get(durationMs + 60_000, TimeUnit.MILLISECONDS);
    }

    long expected(Map<String, Integer> subsPerExec) {
      long e = 0;
      for (var en : acked.entrySet()) e += (long) en.getValue() * subsPerExec.getOrDefault(en.getKey(), 0);
      return e;
    }
  }

  // ------------------------------------------------------------------------------------------
  /** Live progress line every second. */
  static final class Progress implements AutoCloseable {
    final java.util.Timer timer = new java.util.Timer(true);
    volatile String phase = "";
    Progress(String label, Fleet f, Publisher p, Target t) {
      long[] last = {0, 0, System.nanoTime()};
      double[] lastCpu = {t.cpuSeconds()};
      timer.scheduleAtFixedRate(new TimerTask() {
        public void run() {
          long now = System.nanoTime(); double dt = (now - last[2]) / 1e9;
          long r = f.liveRecv(), a = p == null ? 0 : p.ackedTotal.get();
          double cpu = t.cpuSeconds();
          System.out.printf("  [%s %s] %s published %6.0f/s  delivered %8.0f msg/s  open %6d  target CPU %3.0f%%%n",
              label, t.name, phase, (a - last[1]) / dt, (r - last[0]) / dt, f.liveOpen(), 100 * (cpu - lastCpu[0]) / dt);
          last[0] = r; last[1] = a; last[2] = now; lastCpu[0] = cpu;
        }
      }, 1000, 1000);
    }
    public void close() { timer.cancel(); }
  }

  /** One measured step: publish at a rate, snapshot at the end of publishing and after a drain. */
  static JsonObject step(Target t, Fleet f, Publisher p, List<String> execs, double rate, long durMs, long drainMs) throws Exception {
    long gcMs = f.collect();
    f.snap(); // reset interval histograms
    long recv0 = f.snap().recv;
    List<Long> targetPids = t.pids(), postgresPids = t.db != null ? postgresPids() : List.of(), generatorPids = f.pids();
    String m0 = t.metrics();
    Usage u0 = Usage.take(t, targetPids, postgresPids, generatorPids);
    long t0 = System.nanoTime();
    JsonObject pub = p.run(execs, rate, durMs);
    double pubSecs = (System.nanoTime() - t0) / 1e9;
    Snap s1 = f.snap();
    Usage u1 = Usage.take(t, targetPids, postgresPids, generatorPids);
    Thread.sleep(drainMs);
    Snap s2 = f.snap();
    String m1 = t.metrics();
    Hist h = new Hist(); h.add(s1.hist); h.add(s2.hist);
    long deliveredInWindow = s1.recv - recv0;
    JsonObject r = pub.copy()
        .put("delivered", s2.recv - recv0)
        .put("delivered_per_s", deliveredInWindow / pubSecs)
        .put("p50_ms", h.pct(50) / 1000.0).put("p90_ms", h.pct(90) / 1000.0).put("p99_ms", h.pct(99) / 1000.0)
        .put("max_ms", h.max / 1000.0).put("samples", h.total)
        .put("target_cpu_pct", 100 * (u1.targetCpu() - u0.targetCpu()) / pubSecs)
        .put("generator_cpu_pct", 100 * (u1.generatorCpu() - u0.generatorCpu()) / pubSecs)
        .put("target_cpu_us_per_delivery", deliveredInWindow == 0 ? 0 : 1e6 * (u1.targetCpu() - u0.targetCpu()) / deliveredInWindow)
        .put("target_jit_cpu_pct", 100 * (u1.jitCpu() - u0.jitCpu()) / pubSecs)
        .put("run_queue_wait_ms_per_s", new JsonObject().put("target", 1000 * (u1.targetWait() - u0.targetWait()) / pubSecs)
            .put("postgres", 1000 * (u1.postgresWait() - u0.postgresWait()) / pubSecs)
            .put("generator", 1000 * (u1.generatorWait() - u0.generatorWait()) / pubSecs))
        .put("machine_steal_pct", u1.ticks().stealPctSince(u0.ticks()))
        .put("loadavg_1m", loadavg()).put("worker_gc_before_step_ms", gcMs).put("open", s2.open).put("dups_total", s2.dups).put("unparsed_total", s2.unparsed);
    boolean pg = u0.postgres() != null;
    if (pg) {
      long acked = pub.getLong("acked", 0L);
      PostgresCounters pg0 = u0.postgres(), pg1 = u1.postgres();
      r.put("postgres_cpu_pct", 100 * (u1.postgresCpu() - u0.postgresCpu()) / pubSecs)
          .put("postgres_commits_per_s", (pg1.commits() - pg0.commits()) / pubSecs)
          .put("postgres_checkpoints", pg1.checkpoints() - pg0.checkpoints())
          .put("postgres_wal_bytes_per_event", acked == 0 ? 0 : (double) (pg1.walBytes() - pg0.walBytes()) / acked);
    }
    if (!m0.isEmpty()) {
      r.put("gw_appended", Target.metric(m1, "hitl_events_appended_total") - Target.metric(m0, "hitl_events_appended_total"));
      r.put("gw_delivered", Target.metric(m1, "hitl_events_delivered_total") - Target.metric(m0, "hitl_events_delivered_total"));
    }
    System.out.printf("  step rate %s: acked %.0f/s, delivered %.0f msg/s, p50 %.2f p90 %.2f p99 %.2f max %.1f ms, target CPU %.0f%%, generator CPU %.0f%%%n",
        rate > 0 ? String.format("%.0f", rate) : "max", r.getDouble("acked_per_s"), r.getDouble("delivered_per_s"),
        r.getDouble("p50_ms"), r.getDouble("p90_ms"), r.getDouble("p99_ms"), r.getDouble("max_ms"),
        r.getDouble("target_cpu_pct"), r.getDouble("generator_cpu_pct"));
    if (pg) System.out.printf("    postgres CPU %.0f%%, %.0f commits/s, %.0f WAL bytes per event, %d checkpoints begun (whole cluster), machine load average %.2f%n",
        r.getDouble("postgres_cpu_pct"), r.getDouble("postgres_commits_per_s"), r.getDouble("postgres_wal_bytes_per_event"),
        r.getLong("postgres_checkpoints"), r.getDouble("loadavg_1m"));
    System.out.printf("    steal %.1f%% of the machine's CPU time (the hypervisor running other guests)%n", r.getDouble("machine_steal_pct"));
    JsonObject wait = r.getJsonObject("run_queue_wait_ms_per_s");
    System.out.printf("    waiting for a CPU, ms per s: target %.0f, postgres %.0f, generator %.0f; target's JIT compilers %.1f%% of a core%n",
        wait.getDouble("target"), wait.getDouble("postgres"), wait.getDouble("generator"), r.getDouble("target_jit_cpu_pct"));
    return r;
  }

  /** The pids of all postgres server processes on this machine (shared PostgreSQL 15). */
  static List<Long> postgresPids() {
    return ProcessHandle.allProcesses().filter(h -> h.info().command().map(c -> c.contains("postgres")).orElse(false))
        .map(ProcessHandle::pid).toList();
  }

  /** {@code measure} summed over {@code pids} (a pid that is gone counts 0). */
  static double sum(List<Long> pids, java.util.function.LongToDoubleFunction measure) {
    double s = 0;
    for (long pid : pids) s += measure.applyAsDouble(pid);
    return s;
  }

  /** What a step reads at its start and at its end: CPU and run-queue wait per process group, machine ticks, the JIT, PostgreSQL. */
  record Usage(double targetCpu, double generatorCpu, double postgresCpu, double targetWait, double generatorWait,
      double postgresWait, CpuTicks ticks, double jitCpu, PostgresCounters postgres) {

    /** @param postgresPids empty, and no PostgreSQL counters read, for a target without a database */
    static Usage take(Target t, List<Long> targetPids, List<Long> postgresPids, List<Long> generatorPids) {
      return new Usage(sum(targetPids, Main::cpuOf), sum(generatorPids, Main::cpuOf), sum(postgresPids, Main::cpuOf),
          sum(targetPids, Main::runQueueWaitOf), sum(generatorPids, Main::runQueueWaitOf), sum(postgresPids, Main::runQueueWaitOf),
          CpuTicks.now(), t.compilerCpuSeconds(), t.db != null ? PostgresCounters.read() : null);
    }
  }

  /**
   * The local PostgreSQL's cluster-wide counters: commits, checkpoints begun (timed or requested)
   * and the WAL position in bytes. A checkpoint inside a step makes the next change of every page
   * write the whole page to the WAL, so steps with one are slower; the count says which were.
   */
  record PostgresCounters(long commits, long checkpoints, long walBytes) {

    /** One query; all zero when PostgreSQL cannot be asked. */
    static PostgresCounters read() {
      try {
        String[] v = Target.sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "select (select sum(xact_commit) from pg_stat_database),"
            + " (select checkpoints_timed + checkpoints_req from pg_stat_bgwriter), pg_current_wal_lsn() - '0/0'").trim().split("\\|");
        return new PostgresCounters(Long.parseLong(v[0]), Long.parseLong(v[1]), new java.math.BigDecimal(v[2]).longValue());
      } catch (Exception e) {
        return new PostgresCounters(0, 0, 0);
      }
    }
  }

  /** 1-minute load average of the whole (shared) machine at the end of the step. */
  static double loadavg() {
    try { return Double.parseDouble(Files.readString(Paths.get("/proc/loadavg")).split(" ")[0]); } catch (Exception e) { return -1; }
  }

  /**
   * Loss/duplicate accounting over the whole run, once deliveries have stopped arriving (no new
   * one for 3 s, at most 60 s): after a saturating step a target may still hold seconds of backlog,
   * and a count taken while it drains would call queued messages lost.
   */
  static JsonObject integrity(Fleet f, Publisher p) throws Exception {
    Snap s = f.snap();
    long deadline = System.nanoTime() + 60_000_000_000L;
    for (int quiet = 0; quiet < 3 && System.nanoTime() < deadline; ) {
      Thread.sleep(1000);
      Snap next = f.snap();
      quiet = next.distinct == s.distinct ? quiet + 1 : 0;
      s = next;
    }
    long expected = p.expected(f.subsPerExec);
    return new JsonObject().put("events_acked", p.ackedTotal.get()).put("publish_errors", p.errors.get())
        .put("expected_deliveries", expected).put("distinct_deliveries", s.distinct)
        .put("lost", Math.max(0, expected - s.distinct)).put("unexpected_extra", Math.max(0, s.distinct - expected))
        .put("duplicates", s.dups).put("subscribers_open_at_end", s.open).put("subscribers_closed_by_server", s.closed).put("connect_failures", s.failed);
  }
}
