package io.hitl.loadtest;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Paths;

/** What the machine a run took place on is: every result carries it, since the VMs differ from day to day. */
final class Machine {
  private Machine() { }

  /** Cores, Java, OS, memory, the Meltdown mitigation and {@link #syscallNanos()}, recorded with every result. */
  static JsonObject describe() {
    JsonObject m = new JsonObject().put("cores", Runtime.getRuntime().availableProcessors())
        .put("java", System.getProperty("java.version")).put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
        .put("note", "generator, target (and PostgreSQL) share the same cores; hard open-files limit 20,000 per process");
    try { m.put("mem_total_kb", Files.readAllLines(Paths.get("/proc/meminfo")).get(0).replaceAll("\\D", "")); } catch (Exception ignored) { }
    try { m.put("meltdown", Files.readString(Paths.get("/sys/devices/system/cpu/vulnerabilities/meltdown")).trim()); } catch (Exception ignored) { }
    m.put("syscall_ns", syscallNanos());
    return m;
  }

  /**
   * What one cheap system call costs here: a 1-byte read of /dev/zero, best of five runs of
   * 200,000. Every scenario is bound by system calls (socket reads and writes, PostgreSQL's WAL and
   * wake-ups), and virtual machines of the same size differ in it (with kernel page-table isolation
   * every call also flushes the TLB), so results are comparable only beside it.
   */
  static double syscallNanos() {
    try (FileChannel zero = FileChannel.open(Paths.get("/dev/zero"))) {
      ByteBuffer one = ByteBuffer.allocateDirect(1);
      double best = Double.MAX_VALUE;
      for (int run = 0; run < 5; run++) {
        long start = System.nanoTime();
        for (int i = 0; i < 200_000; i++) {
          one.clear();
          zero.read(one);
        }
        best = Math.min(best, (System.nanoTime() - start) / 200_000.0);
      }
      return Math.round(best * 10) / 10.0;
    } catch (Exception e) {
      return -1;
    }
  }
}
