package io.hitl.loadtest;

import java.util.Arrays;

/** Log-linear latency histogram in microseconds (relative error below 1.6 %), mergeable, text-serialisable. */
public final class Hist {
  static final int SIZE = 128 + 40 * 64;
  final long[] counts = new long[SIZE];
  long total;
  long max;

  static int index(long us) {
    if (us < 0) us = 0;
    if (us < 128) return (int) us;
    int exp = 63 - Long.numberOfLeadingZeros(us) - 6;
    int idx = 128 + (exp - 1) * 64 + (int) ((us >> exp) - 64);
    return Math.min(idx, SIZE - 1);
  }

  static long upper(int idx) {
    if (idx < 128) return idx;
    int exp = (idx - 128) / 64 + 1;
    long sub = (idx - 128) % 64 + 64;
    return ((sub + 1) << exp) - 1;
  }

  public void record(long us) {
    counts[index(us)]++;
    total++;
    if (us > max) max = us;
  }

  public void add(Hist o) {
    for (int i = 0; i < SIZE; i++) counts[i] += o.counts[i];
    total += o.total;
    max = Math.max(max, o.max);
  }

  public void reset() {
    Arrays.fill(counts, 0);
    total = 0;
    max = 0;
  }

  /** Percentile in microseconds (upper bound of its bucket, capped at the true max). */
  public long pct(double p) {
    if (total == 0) return 0;
    long rank = (long) Math.ceil(p / 100.0 * total);
    if (rank < 1) rank = 1;
    long seen = 0;
    for (int i = 0; i < SIZE; i++) {
      seen += counts[i];
      if (seen >= rank) return Math.min(upper(i), max);
    }
    return max;
  }

  /** "total max i:c i:c ..." */
  public String encode() {
    StringBuilder sb = new StringBuilder().append(total).append(' ').append(max);
    for (int i = 0; i < SIZE; i++) if (counts[i] != 0) sb.append(' ').append(i).append(':').append(counts[i]);
    return sb.toString();
  }

  public static Hist decode(String s) {
    Hist h = new Hist();
    String[] p = s.trim().split(" ");
    h.total = Long.parseLong(p[0]);
    h.max = Long.parseLong(p[1]);
    for (int i = 2; i < p.length; i++) {
      int c = p[i].indexOf(':');
      h.counts[Integer.parseInt(p[i].substring(0, c))] += Long.parseLong(p[i].substring(c + 1));
    }
    return h;
  }
}
