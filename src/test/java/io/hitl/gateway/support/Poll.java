package io.hitl.gateway.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting in tests: re-check a condition until it holds or time runs out. */
public final class Poll {

  private static final long INTERVAL_MILLIS = 100;

  private Poll() {
  }

  /**
   * Checks {@code condition} every 100 ms until it holds; fails the test with {@code failure}'s
   * message (built only then, so it can show the latest state) when it does not within {@code within}.
   */
  public static void until(BooleanSupplier condition, Duration within, Supplier<String> failure) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(failure.get());
      }
      sleep(Duration.ofMillis(INTERVAL_MILLIS));
    }
  }

  /** Sleeps; an interrupt fails the test. */
  public static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }
}
