package io.hitl.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.knowm.xchart.*;
import org.knowm.xchart.style.Styler;

import java.nio.file.*;
import java.util.*;

/** Markdown table (results/RESULTS.md) and PNG charts (results/charts) from the scenario JSON files. */
final class Report {
  /** The run's machine as one cheap system call's cost and its Meltdown mitigation, or nothing for older results. */
  static String syscall(JsonObject result) {
    JsonObject m = result.getJsonObject("machine", new JsonObject());
    return m.containsKey("syscall_ns")
        ? " Machine: one system call " + f(m.getDouble("syscall_ns")) + " ns (meltdown: " + m.getString("meltdown", "n/a") + ")."
        : "";
  }

  static JsonObject load(String s) throws Exception {
    Path p = Paths.get("results", s + ".json");
    return Files.exists(p) ? new JsonObject(Files.readString(p)) : null;
  }

  static String f(double d) { return d >= 100 ? String.format("%,.0f", d) : String.format("%.2f", d); }

  static void summary() throws Exception {
    StringBuilder md = new StringBuilder("# Load-test results\n\n");
    JsonObject fan = load("fanout");
    if (fan != null) {
      md.append("## fan-out (").append(fan.getString("finished_at")).append(")\n\n1 execution, ").append(fan.getInteger("subscribers"))
        .append(" WebSocket subscribers; the rate is stepped past p99 > 100 ms up to saturation (delivered < 85 % of offered, or p99 > 5 s) so the peak is measured too.")
        .append(syscall(fan)).append("\n\n")
        .append(fan.getInteger("rounds", 1) > 1 ? "Each target ran " + fan.getInteger("rounds") + " times, interleaved; a figure is the median of its rounds (each round's in brackets).\n\n" : "")
        .append("| target | best delivered msg/s with p99 ≤ 100 ms | with p99 ≤ 500 ms | peak delivered msg/s (any p99) | lost | duplicates | connect failures |\n|---|---|---|---|---|---|---|\n");
      Map<String, double[]> fig = new LinkedHashMap<>();
      for (String t : fan.getJsonObject("targets").fieldNames()) {
        JsonObject o = fan.getJsonObject("targets").getJsonObject(t);
        List<double[]> perRound = ladders(o).stream().map(Report::fanoutFigures).toList();
        double[] v = new double[3];
        md.append("| ").append(t);
        for (int i = 0; i < 3; i++) {
          int k = i;
          v[i] = median(perRound.stream().mapToDouble(r -> r[k]).toArray());
          md.append(" | ").append(f(v[i]));
          if (perRound.size() > 1) md.append(" (").append(String.join(" · ", perRound.stream().map(r -> f(r[k])).toList())).append(")");
        }
        fig.put(t, v);
        JsonObject in = o.getJsonObject("integrity");
        md.append(" | ").append(in.getLong("lost")).append(" | ").append(in.getLong("duplicates")).append(" | ").append(in.getLong("connect_failures")).append(" |\n");
      }
      md.append("\n| ratio | p99 ≤ 100 ms | p99 ≤ 500 ms | peak | target |\n|---|---|---|---|---|\n");
      for (String[] r : new String[][]{{"bare-vertx", "≥ 0.8"}, {"pushpin", "≥ 1.5"}}) {
        double[] g = fig.get("gateway"), o = fig.get(r[0]);
        if (g == null || o == null) continue;
        md.append("| gateway / ").append(r[0]).append(" | ");
        for (int i = 0; i < 3; i++) md.append(o[i] > 0 ? f(g[i] / o[i]) : "n/a (0 / 0)").append(" | ");
        md.append(r[1]).append(" |\n");
      }
      md.append("\nAll steps (delivered msg/s is counted inside the publishing window):\n\n| target | round | events/s offered | acked/s | delivered msg/s | p50 | p90 | p99 | max ms | target CPU % | generator CPU % |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (String t : fan.getJsonObject("targets").fieldNames())
        for (JsonObject ladder : ladders(fan.getJsonObject("targets").getJsonObject(t)))
          for (Object so : ladder.getJsonArray("steps")) {
            JsonObject s = (JsonObject) so;
            md.append("| ").append(t).append(" | ").append(ladder.getInteger("round", 1)).append(" | ").append(f(s.getDouble("offered_rate"))).append(" | ").append(f(s.getDouble("acked_per_s")))
              .append(" | ").append(f(s.getDouble("delivered_per_s"))).append(" | ").append(f(s.getDouble("p50_ms"))).append(" | ")
              .append(f(s.getDouble("p90_ms"))).append(" | ").append(f(s.getDouble("p99_ms"))).append(" | ").append(f(s.getDouble("max_ms")))
              .append(" | ").append(f(s.getDouble("target_cpu_pct"))).append(" | ").append(f(s.getDouble("generator_cpu_pct"))).append(" |\n");
          }
      md.append("\n![latency vs rate](charts/latency_vs_rate.png)\n![throughput](charts/fanout_throughput.png)\n\n");
      chartFanout(fan);
    }
    md.append("## steady scenarios (gateway)\n\n| scenario | layout | events/s acked | delivered msg/s | p50 | p90 | p99 | max ms | lost | dups | gateway CPU % | PostgreSQL CPU % | steal % | connects/s | machine |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    StringBuilder rounds = new StringBuilder();
    for (String sc : List.of("channels", "lowload", "ingest")) {
      JsonObject o = load(sc);
      if (o == null) continue;
      JsonObject s = o.getJsonObject("step"), i = o.getJsonObject("integrity");
      double cps = 0; for (Object c : o.getJsonArray("connect")) cps = Math.max(cps, ((JsonObject) c).getDouble("connects_per_s"));
      md.append("| ").append(sc).append(" (").append(o.getString("finished_at")).append(") | ").append(o.getString("layout")).append(" | ")
        .append(f(s.getDouble("acked_per_s"))).append(" | ").append(f(s.getDouble("delivered_per_s"))).append(" | ")
        .append(f(s.getDouble("p50_ms"))).append(" | ").append(f(s.getDouble("p90_ms"))).append(" | ").append(f(s.getDouble("p99_ms")))
        .append(" | ").append(f(s.getDouble("max_ms"))).append(" | ").append(i.getLong("lost")).append(" | ").append(i.getLong("duplicates"))
        .append(" | ").append(f(s.getDouble("target_cpu_pct"))).append(" | ").append(f(s.getDouble("postgres_cpu_pct", 0.0)))
        .append(" | ").append(s.containsKey("machine_steal_pct") ? f(s.getDouble("machine_steal_pct")) : "n/a")
        .append(" | ").append(f(cps)).append(" |").append(syscall(o)).append(" |\n");
      if (o.containsKey("each_round")) {
        rounds.append("\n").append(sc).append(": median of ").append(o.getInteger("rounds"))
          .append(" rounds; each round's events/s acked, p99 ms, PostgreSQL checkpoints begun during the step:");
        String sep = " ";
        for (Object ro : o.getJsonArray("each_round")) {
          JsonObject rs = ((JsonObject) ro).getJsonObject("step");
          rounds.append(sep).append(f(rs.getDouble("acked_per_s"))).append(" / ").append(f(rs.getDouble("p99_ms"))).append(" / ")
            .append(rs.getLong("postgres_checkpoints", 0L));
          sep = "; ";
        }
        rounds.append("\n");
      }
    }
    md.append(rounds);
    idle(md, load("idle"), "idle memory", "memory_vs_connections");
    idle(md, load("idle-replicas"), "idle memory, connections spread over gateway replicas", "memory_vs_connections_replicas");
    JsonObject sc = load("scaling");
    if (sc != null) {
      md.append("\n## scaling (").append(sc.getString("finished_at")).append(")\n\n").append(sc.getInteger("active_subscribers"))
        .append(" active WebSocket subscribers at ").append(f(sc.getDouble("rate"))).append(" events/s while idle connections grow.\n\n")
        .append("| connections | delivered msg/s | p50 | p99 ms | gateway CPU % idle | gateway CPU % loaded | marginal CPU µs/msg |\n|---|---|---|---|---|---|---|\n");
      for (Object po : sc.getJsonArray("points")) {
        JsonObject p = (JsonObject) po;
        md.append("| ").append(p.getInteger("connections")).append(" | ").append(f(p.getDouble("delivered_per_s"))).append(" | ")
          .append(f(p.getDouble("p50_ms"))).append(" | ").append(f(p.getDouble("p99_ms"))).append(" | ").append(f(p.getDouble("idle_target_cpu_pct")))
          .append(" | ").append(f(p.getDouble("target_cpu_pct"))).append(" | ").append(f(p.getDouble("marginal_cpu_us_per_delivery"))).append(" |\n");
      }
      md.append("\n![scaling](charts/cost_vs_connections.png)\n![throughput vs subscribers](charts/throughput_vs_subscribers.png)\n");
      chartScaling(sc, fan);
    }
    Files.writeString(Paths.get("results", "RESULTS.md"), md.toString());
  }

  /** The idle table and chart of one idle run ({@code idle}, or {@code idle-replicas} from {@code idle --replicas 2}). */
  static void idle(StringBuilder md, JsonObject idle, String title, String chart) throws Exception {
    if (idle == null) return;
    md.append("\n## ").append(title).append(" (").append(idle.getString("finished_at")).append(")\n\n");
    if (idle.getInteger("replicas", 1) > 1) md.append(idle.getString("note")).append(".\n\n");
    md.append("| transport | connections | heap after GC MiB | direct MiB | RSS MiB | bytes/conn heap+direct | bytes/conn RSS |\n|---|---|---|---|---|---|---|\n");
    for (String k : List.of("ws", "sse")) {
      if (!idle.containsKey(k)) continue;
      for (Object po : idle.getJsonObject(k).getJsonArray("points")) {
        JsonObject p = (JsonObject) po;
        md.append("| ").append(k).append(" | ").append(p.getLong("connections")).append(" | ").append(f(p.getDouble("heap_used_after_gc") / 1048576))
          .append(" | ").append(f(p.getDouble("direct_buffers") / 1048576)).append(" | ").append(f(p.getDouble("rss") / 1048576)).append(" | ")
          .append(f(p.getDouble("bytes_per_connection_heap_plus_direct"))).append(" | ").append(f(p.getDouble("bytes_per_connection_rss"))).append(" |\n");
      }
    }
    md.append("\n![").append(title).append("](charts/").append(chart).append(".png)\n");
    chartIdle(idle, chart);
  }

  /** A fan-out target's ladders: its rounds, or the target itself when it ran once. */
  static List<JsonObject> ladders(JsonObject target) {
    if (!target.containsKey("rounds")) return List.of(target);
    List<JsonObject> l = new ArrayList<>();
    for (Object o : target.getJsonArray("rounds")) l.add((JsonObject) o);
    return l;
  }

  /**
   * One ladder's best delivered msg/s with p99 ≤ 100 ms (the step rule), with p99 ≤ 500 ms, and
   * at any p99 (the peak); a step with no samples counts only for the peak.
   */
  static double[] fanoutFigures(JsonObject ladder) {
    double[] v = new double[3];
    for (Object so : ladder.getJsonArray("steps")) {
      JsonObject s = (JsonObject) so; double d = s.getDouble("delivered_per_s"), p99 = s.getDouble("p99_ms");
      boolean measured = s.getLong("samples", 0L) > 0;
      if (measured && p99 <= 100) v[0] = Math.max(v[0], d);
      if (measured && p99 <= 500) v[1] = Math.max(v[1], d);
      v[2] = Math.max(v[2], d);
    }
    return v;
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n == 0 ? 0 : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  static void save(XYChart c, String name) throws Exception {
    BitmapEncoder.saveBitmap(c, Paths.get("results", "charts", name).toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  static void chartFanout(JsonObject fan) throws Exception {
    XYChart lat = new XYChartBuilder().width(800).height(450).title("fan-out: latency vs rate (" + fan.getInteger("subscribers") + " WS subscribers)")
        .xAxisTitle("events/s offered").yAxisTitle("publish→receive ms").build();
    lat.getStyler().setYAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.InsideNW);
    XYChart thr = new XYChartBuilder().width(800).height(450).title("fan-out: delivered msg/s vs rate").xAxisTitle("events/s offered").yAxisTitle("delivered msg/s").build();
    thr.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    for (String t : fan.getJsonObject("targets").fieldNames()) {
      // per rate, the median over the rounds that reached it
      TreeMap<Double, List<JsonObject>> byRate = new TreeMap<>();
      for (JsonObject ladder : ladders(fan.getJsonObject("targets").getJsonObject(t)))
        for (Object o : ladder.getJsonArray("steps")) byRate.computeIfAbsent(((JsonObject) o).getDouble("offered_rate"), k -> new ArrayList<>()).add((JsonObject) o);
      List<Double> x = new ArrayList<>(byRate.keySet()), p50 = new ArrayList<>(), p99 = new ArrayList<>(), d = new ArrayList<>();
      for (List<JsonObject> st : byRate.values()) {
        p50.add(Math.max(0.01, median(st.stream().mapToDouble(s -> s.getDouble("p50_ms")).toArray())));
        p99.add(Math.max(0.01, median(st.stream().mapToDouble(s -> s.getDouble("p99_ms")).toArray())));
        d.add(median(st.stream().mapToDouble(s -> s.getDouble("delivered_per_s")).toArray()));
      }
      if (x.isEmpty()) continue;
      lat.addSeries(t + " p50", x, p50); lat.addSeries(t + " p99", x, p99); thr.addSeries(t, x, d);
    }
    save(lat, "latency_vs_rate"); save(thr, "fanout_throughput");
  }

  static void chartIdle(JsonObject idle, String chart) throws Exception {
    int replicas = idle.getInteger("replicas", 1);
    XYChart c = new XYChartBuilder().width(800).height(450).title("gateway memory vs idle connections (heap after GC + direct)"
            + (replicas > 1 ? ", " + replicas + " gateway processes together" : ""))
        .xAxisTitle("connections").yAxisTitle("MiB").build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    for (String k : List.of("ws", "sse")) {
      if (!idle.containsKey(k)) continue;
      List<Double> x = new ArrayList<>(List.of(0.0)), y = new ArrayList<>(), r = new ArrayList<>();
      JsonObject b = idle.getJsonObject(k).getJsonObject("baseline");
      y.add((b.getDouble("heap_used_after_gc") + b.getDouble("direct_buffers")) / 1048576); r.add(b.getDouble("rss") / 1048576);
      for (Object o : idle.getJsonObject(k).getJsonArray("points")) { JsonObject p = (JsonObject) o; x.add(p.getDouble("connections")); y.add((p.getDouble("heap_used_after_gc") + p.getDouble("direct_buffers")) / 1048576); r.add(p.getDouble("rss") / 1048576); }
      c.addSeries(k + " heap+direct", x, y); c.addSeries(k + " RSS", x, r);
    }
    save(c, chart);
  }

  static void chartScaling(JsonObject sc, JsonObject fan) throws Exception {
    XYChart c = new XYChartBuilder().width(800).height(450).title("scaling: per-message cost vs connections (constant active load)")
        .xAxisTitle("open connections").yAxisTitle("µs CPU per message / ms").build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    List<Double> x = new ArrayList<>(), cost = new ArrayList<>(), p99 = new ArrayList<>(), p50 = new ArrayList<>(), thr = new ArrayList<>();
    for (Object o : sc.getJsonArray("points")) { JsonObject p = (JsonObject) o; x.add(p.getDouble("connections")); cost.add(p.getDouble("marginal_cpu_us_per_delivery")); p99.add(p.getDouble("p99_ms")); p50.add(p.getDouble("p50_ms")); thr.add(p.getDouble("delivered_per_s")); }
    c.addSeries("marginal gateway CPU µs/msg", x, cost); c.addSeries("p50 ms", x, p50); c.addSeries("p99 ms", x, p99);
    save(c, "cost_vs_connections");
    XYChart t = new XYChartBuilder().width(800).height(450).title("throughput vs subscribers").xAxisTitle("subscribers (open connections)").yAxisTitle("delivered msg/s").build();
    t.getStyler().setYAxisLogarithmic(true);
    t.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    t.addSeries("gateway, " + Report.f(sc.getDouble("rate")) + " ev/s over " + sc.getInteger("active_subscribers") + " active subscribers", x, thr);
    // fan-out peak per target at each subscriber count that was run (fanout.json, fanout-<n>subs.json)
    Map<String, TreeMap<Double, Double>> peaks = new TreeMap<>();
    List<JsonObject> runs = new ArrayList<>();
    if (fan != null) runs.add(fan);
    try (var files = Files.list(Paths.get("results"))) {
      for (Path p : files.filter(fp -> fp.getFileName().toString().matches("fanout-\\d+subs\\.json")).toList()) runs.add(new JsonObject(Files.readString(p)));
    }
    for (JsonObject r : runs) for (String n : r.getJsonObject("targets").fieldNames())
      peaks.computeIfAbsent(n, k -> new TreeMap<>()).put((double) r.getInteger("subscribers"),
          r.getJsonObject("targets").getJsonObject(n).getDouble("peak_delivered_per_s", 0.0));
    for (var e : peaks.entrySet())
      t.addSeries(e.getKey() + " fan-out peak, 1 execution", new ArrayList<>(e.getValue().keySet()), new ArrayList<>(e.getValue().values()));
    save(t, "throughput_vs_subscribers");
  }
}
