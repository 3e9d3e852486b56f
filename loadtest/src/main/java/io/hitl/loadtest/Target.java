package io.hitl.loadtest;

import java.io.*;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.*;
import java.time.Duration;
import java.util.*;

/** A system under test, launched by the harness as child process(es) on loopback. */
public final class Target {
  final String name;
  String host = "127.0.0.1";
  int streamPort, apiPort;
  String key = "";
  final List<Process> procs = new ArrayList<>();
  Process main;           // the JVM whose memory/CPU we read (gateway / bare server)
  String db;

  Target(String name) { this.name = name; }

  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  static Path repo() { return Paths.get(System.getProperty("user.dir")).toAbsolutePath().resolve("..").normalize(); }
  static Path selfJar() { return Paths.get(System.getProperty("user.dir"), "target", "loadtest.jar").toAbsolutePath(); }
  static Path logDir() throws IOException { Path p = Paths.get("results", "logs"); Files.createDirectories(p); return p; }

  /** A {@code java} command line: the JVM options, then the rest. Mutable, for additions. */
  static List<String> java(List<String> jvmOpts, String... rest) {
    List<String> cmd = new ArrayList<>(List.of("java"));
    cmd.addAll(jvmOpts);
    cmd.addAll(List.of(rest));
    return cmd;
  }

  static Process spawn(List<String> cmd, Map<String, String> env, String log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logDir().resolve(log).toFile());
    pb.environment().putAll(env);
    return Main.track(pb.start());
  }

  static Target gateway(String scenario, int port, List<String> jvmOpts) throws Exception {
    Target t = new Target("gateway");
    t.db = freshDatabase("lt_" + scenario);
    return t.launchGateway(t.db, port, jvmOpts, "gateway-" + scenario + ".log");
  }

  /**
   * Another gateway process on {@code port} against {@code primary}'s database: a replica, as
   * behind a load balancer. It leaves the database to the primary, which drops it when it stops.
   */
  static Target gatewayReplica(Target primary, String scenario, int port, List<String> jvmOpts) throws Exception {
    return new Target("gateway").launchGateway(primary.db, port, jvmOpts, "gateway-" + scenario + "-" + port + ".log");
  }

  private Target launchGateway(String database, int port, List<String> jvmOpts, String log) throws Exception {
    streamPort = apiPort = port;
    key = "loadtest-key-0123456789";
    Path jar = repo().resolve("target/hitl-gateway.jar");
    if (!Files.exists(jar)) throw new IllegalStateException("build the gateway first: (cd .. && mvn -q -DskipTests package)");
    List<String> cmd = java(jvmOpts, "-jar", jar.toString());
    Map<String, String> env = new HashMap<>(Map.of("HITL_DB_URL", "postgresql://postgres@127.0.0.1:5432/" + database, "HITL_API_KEYS", key,
        "HITL_HTTP_PORT", String.valueOf(port), "HITL_HOST", "127.0.0.1", "HITL_LOG_LEVEL", "WARN"));
    // --gw-env HITL_DB_POOL_SIZE=64,... : extra gateway configuration for experiments (recorded in the results)
    for (String kv : Main.opt.getOrDefault("gw-env", "").split(",")) if (kv.contains("=")) env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    main = spawn(cmd, env, log);
    procs.add(main);
    try { waitHealthy(port, "/health", 60); } catch (Exception e) { stop(); throw e; }
    return this;
  }

  /** Creates a database named {@code prefix} and the time, for one run; {@link #stop()} drops it. */
  private static String freshDatabase(String prefix) throws Exception {
    String name = (prefix + "_" + System.currentTimeMillis()).replace('-', '_');
    sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", "create database " + name);
    return name;
  }

  static Target bare(String scenario, int port, List<String> jvmOpts) throws Exception {
    return bare(new Target("bare-vertx"), scenario, port, jvmOpts, Map.of());
  }

  /** The bare server as the durable floor (see {@link BareServer}), on a fresh database. */
  static Target floor(String scenario, int port, List<String> jvmOpts) throws Exception {
    Target t = new Target("durable-floor");
    t.db = freshDatabase("lt_floor_" + scenario);
    return bare(t, scenario, port, jvmOpts, Map.of(BareServer.DB_VARIABLE, "postgresql://postgres@127.0.0.1:5432/" + t.db));
  }

  private static Target bare(Target t, String scenario, int port, List<String> jvmOpts, Map<String, String> extraEnv) throws Exception {
    t.streamPort = t.apiPort = port;
    Map<String, String> env = new HashMap<>(extraEnv);
    // --bare-transport epoll|io_uring|nio: the bare server's transport; by default the one the gateway's auto picks
    env.put(BareServer.TRANSPORT_VARIABLE, Main.opt.getOrDefault("bare-transport", "auto"));
    t.main = spawn(java(jvmOpts, "-cp", selfJar().toString(), "io.hitl.loadtest.BareServer", String.valueOf(port)), env,
        t.name + "-" + scenario + ".log");
    t.procs.add(t.main);
    try { t.waitHealthy(port, "/health", 30); } catch (Exception e) { t.stop(); throw e; }
    return t;
  }

  /** The configuration Debian's pushpin package installs; each run derives its own from it. */
  private static final Path PUSHPIN_CONF = Paths.get("/etc/pushpin/pushpin.conf");

  /**
   * Fails before any round starts when Pushpin is not installed, rather than after the first
   * targets' ladders have run.
   */
  static void requirePushpin() {
    if (!Files.isReadable(PUSHPIN_CONF)) {
      throw new IllegalStateException("the pushpin target needs Debian's pushpin package (apt-get install -y pushpin),"
          + " or leave it out with --targets gateway,bare");
    }
  }

  /** Pushpin 1.36 (Debian package) in its own run directory, with our GRIP backend. */
  static Target pushpin(String scenario, int port, int backendPort) throws Exception {
    Target t = new Target("pushpin");
    t.streamPort = port;
    t.apiPort = backendPort;
    Path dir = Paths.get("results", "pushpin-run").toAbsolutePath();
    Files.createDirectories(dir.resolve("run"));
    Files.createDirectories(dir.resolve("log"));
    int pubPort = 5661;
    String conf = Files.readString(PUSHPIN_CONF)
        .replaceAll("(?m)^rundir=.*", "rundir=" + dir.resolve("run"))
        .replaceAll("(?m)^http_port=.*", "http_port=127.0.0.1:" + port)
        .replaceAll("(?m)^logdir=.*", "logdir=" + dir.resolve("log"))
        .replaceAll("(?m)^routesfile=.*", "routesfile=" + dir.resolve("routes"))
        .replaceAll("(?m)^ipc_prefix=.*", "ipc_prefix=lt-")
        .replaceAll("(?m)^push_in_spec=.*", "push_in_spec=tcp://127.0.0.1:5660")
        .replaceAll("(?m)^push_in_sub_specs=.*", "push_in_sub_specs=tcp://127.0.0.1:5662")
        .replaceAll("(?m)^push_in_http_port=.*", "push_in_http_port=" + pubPort)
        .replaceAll("(?m)^command_spec=.*", "command_spec=tcp://127.0.0.1:5663")
        // Defaults throttle publishing to 2,500 msg/s; lift so Pushpin's own capacity is measured.
        .replaceAll("(?m)^message_rate=.*", "message_rate=1000000")
        .replaceAll("(?m)^message_hwm=.*", "message_hwm=1000000")
        // Debian's internal.conf points the proxy at a system zurl (/var/run/zurl); run our own.
        .replaceAll("(?m)^services=.*", "services=condure,zurl,pushpin-proxy,pushpin-handler")
        .replaceAll("(?m)^\\[proxy\\]", "[proxy]\nzurl_out_specs=ipc://{rundir}/{ipc_prefix}zurl-in\n"
            + "zurl_out_stream_specs=ipc://{rundir}/{ipc_prefix}zurl-in-stream\nzurl_in_specs=ipc://{rundir}/{ipc_prefix}zurl-out");
    Files.writeString(dir.resolve("pushpin.conf"), conf);
    Files.writeString(dir.resolve("routes"), "* 127.0.0.1:" + backendPort + ",over_http\n");
    Process be = spawn(java(List.of(), "-cp", selfJar().toString(), "io.hitl.loadtest.PushpinBackend",
        String.valueOf(backendPort), String.valueOf(pubPort)), Map.of(), "pushpin-backend-" + scenario + ".log");
    t.procs.add(be);
    t.main = spawn(List.of("pushpin", "--config", dir.resolve("pushpin.conf").toString()), Map.of(), "pushpin-" + scenario + ".log");
    t.procs.add(t.main);
    try { t.waitStatus(port, "/events/human-input/probe", 30); } catch (Exception e) { t.stop(); throw e; }
    return t;
  }

  void waitHealthy(int port, String path, int seconds) throws Exception { waitStatus(port, path, seconds); }

  void waitStatus(int port, String path, int seconds) throws Exception {
    long end = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < end) {
      for (Process p : procs) if (!p.isAlive()) throw new IllegalStateException(name + " exited early, see results/logs");
      try {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2));
        if (path.startsWith("/events")) {
          // a stream: just check headers arrive
          HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
          r.body().close();
          if (r.statusCode() == 200) return;
        } else if (HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
      } catch (IOException e) { /* not up yet */ }
      Thread.sleep(300);
    }
    throw new IllegalStateException(name + " not healthy after " + seconds + " s");
  }

  String metrics() throws Exception {
    if (!name.equals("gateway")) return "";
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/metrics"))
        .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  static double metric(String text, String prefix) {
    double sum = 0;
    for (String l : text.split("\n")) if (l.startsWith(prefix)) sum += Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
    return sum;
  }

  /** Full GC in the target, then heap used + direct buffers (gateway metrics) and RSS. */
  Map<String, Double> memory() throws Exception {
    long pid = main.pid();
    sh("jcmd", String.valueOf(pid), "GC.run");
    Thread.sleep(1000);
    String m = metrics();
    Map<String, Double> r = new LinkedHashMap<>();
    r.put("heap_used_after_gc", metric(m, "jvm_memory_used_bytes{area=\"heap\""));
    r.put("nonheap_used", metric(m, "jvm_memory_used_bytes{area=\"nonheap\""));
    r.put("direct_buffers", metric(m, "jvm_buffer_memory_used_bytes{id=\"direct\""));
    r.put("rss", (double) rss(pid));
    return r;
  }

  static long rss(long pid) throws IOException {
    for (String l : Files.readAllLines(Paths.get("/proc/" + pid + "/status")))
      if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", "")) * 1024;
    return 0;
  }

  /** CPU seconds used so far by the JIT compiler threads of the target JVM (0 for Pushpin). */
  double compilerCpuSeconds() {
    double s = 0;
    for (Process p : procs) {
      try (var tasks = Files.list(Paths.get("/proc/" + p.pid() + "/task"))) {
        for (Path task : tasks.toList()) {
          try {
            if (Files.readString(task.resolve("comm")).matches("C[12] CompilerThre.*\\s*")) s += Main.cpuOfStat(task.resolve("stat"));
          } catch (IOException gone) { /* the thread ended */ }
        }
      } catch (IOException gone) { /* the process ended */ }
    }
    return s;
  }

  /** The pids of the target process(es) and their children (pushpin's services). */
  List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    for (Process p : procs) {
      pids.add(p.pid());
      p.descendants().forEach(h -> pids.add(h.pid()));
    }
    return pids;
  }

  /** CPU seconds used so far by the target process(es) and their children. */
  double cpuSeconds() {
    return Main.sum(pids(), Main::cpuOf);
  }

  void stop() throws Exception {
    for (Process p : procs) { p.descendants().forEach(ProcessHandle::destroy); p.destroy(); }
    for (Process p : procs) if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly); p.destroyForcibly();
    }
    if (db != null) sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", "drop database if exists " + db);
  }

  static String sh(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
    return out;
  }
}
