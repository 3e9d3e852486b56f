package io.hitl.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Version 7 UUIDs: the layout of RFC 9562, ordered by time as text and as PostgreSQL sorts uuid. */
class TimeOrderedIdsTest {

  @Test
  void carriesVersion7TheRfcVariantAndTheMillisecondsInItsFirst48Bits() {
    long millis = 0x0192_3456_789AL;

    UUID id = TimeOrderedIds.at(millis);

    assertEquals(7, id.version());
    assertEquals(2, id.variant());
    assertEquals(millis, id.getMostSignificantBits() >>> 16);
    assertTrue(id.toString().startsWith("01923456-789a-7"), id.toString());
  }

  @Test
  void aLaterMillisecondSortsAfterAnEarlierOneAsText() {
    for (int i = 0; i < 1_000; i++) {
      String earlier = TimeOrderedIds.at(1_733_000_000_000L + i).toString();
      String later = TimeOrderedIds.at(1_733_000_000_001L + i).toString();

      assertTrue(earlier.compareTo(later) < 0, earlier + " vs " + later);
    }
  }

  @Test
  void idsOfTheSameMillisecondDifferInTheirRandomBits() {
    Set<UUID> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(TimeOrderedIds.at(1_733_000_000_000L));
    }

    assertEquals(100_000, ids.size());
  }

  @Test
  void nextIsStampedWithTheCurrentTime() {
    long before = System.currentTimeMillis();
    UUID id = UUID.fromString(TimeOrderedIds.next());
    long after = System.currentTimeMillis();

    long stamped = id.getMostSignificantBits() >>> 16;
    assertTrue(stamped >= before && stamped <= after, stamped + " not in [" + before + ", " + after + "]");
  }
}
