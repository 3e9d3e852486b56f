package io.hitl.gateway.event;

/**
 * The place of an event in the log: its transaction id, then its sequence number. Every reader
 * sees events in this order; it is the order in which they became safely readable.
 */
public record Position(long txid, long seq) implements Comparable<Position> {

  /** Before every event. */
  public static final Position START = new Position(0, 0);

  @Override
  public int compareTo(Position other) {
    int byTx = Long.compare(txid, other.txid);
    return byTx != 0 ? byTx : Long.compare(seq, other.seq);
  }

  /** True when this position comes after {@code other}. */
  public boolean isAfter(Position other) {
    return compareTo(other) > 0;
  }
}
