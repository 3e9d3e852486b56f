package io.hitl.gateway.store;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids for rows the gateway writes at a high rate (requests, events, audit entries, executions):
 * version 7 UUIDs (RFC 9562), whose first 48 bits are the Unix time in milliseconds and whose
 * other 74 free bits are random.
 *
 * <p>Why not random (version 4) UUIDs: each of these ids is a key of a unique B-tree index.
 * Random keys land on a random leaf, so every insert descends the whole tree and dirties a page
 * of its own, and the index's working set is the whole index. Time-ordered keys land on the
 * rightmost leaf, which PostgreSQL's insert fast path keeps without a descent, and consecutive
 * inserts share pages. The ids stay unguessable: the 74 random bits come from {@link SecureRandom}.
 */
public final class TimeOrderedIds {

  private static final SecureRandom RANDOM = new SecureRandom();

  private TimeOrderedIds() {
  }

  /** A new version 7 UUID in its canonical textual form. */
  public static String next() {
    return at(System.currentTimeMillis()).toString();
  }

  /** A version 7 UUID for the given Unix time in milliseconds. */
  static UUID at(long unixMillis) {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    long high = (unixMillis & 0xFFFF_FFFF_FFFFL) << 16
        | 0x7000L
        | ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL);
    long low = 0x8000_0000_0000_0000L | ((random[2] & 0x3FL) << 56);
    for (int i = 3; i < 10; i++) {
      low |= (random[i] & 0xFFL) << (8 * (9 - i));
    }
    return new UUID(high, low);
  }
}
