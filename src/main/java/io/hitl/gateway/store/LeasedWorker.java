package io.hitl.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that every replica takes from a shared table under leases: crew executions, request timers,
 * webhook deliveries, notification emails.
 *
 * <p>Every {@code pollMillis} (and whenever {@link #claimWhileFree()} is called) it claims up to as
 * many items as it has free slots, under a fresh lease token ({@code FOR UPDATE SKIP LOCKED} in
 * the subclass's query, so replicas never take the same item), and works them concurrently. It
 * claims again as soon as a claim brought work or an item is done, until a claim comes back empty
 * or every slot is busy. An item whose replica dies is claimed again once its lease expires.
 * Only one claim is in flight at a time.
 *
 * @param <T> a claimed item
 */
public abstract class LeasedWorker<T> extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(LeasedWorker.class);

  private final String name;
  private final long pollMillis;
  private final int concurrency;
  private int working;
  private boolean claiming;
  private boolean stopped;

  /**
   * @param name what it works on, for logs ("due timers", "webhook deliveries", …)
   * @param concurrency the most items worked at once
   */
  protected LeasedWorker(String name, long pollMillis, int concurrency) {
    this.name = name;
    this.pollMillis = pollMillis;
    this.concurrency = concurrency;
  }

  /** Claims up to {@code max} due items under {@code lease} (a UUID as text). */
  protected abstract Future<List<T>> claim(String lease, int max);

  /** Works one claimed item; a failure is logged, and the item is retried once its lease expires. */
  protected abstract Future<?> work(T item, String lease);

  /** The rows a claim query returned, as items, in order: what {@link #claim} usually returns. */
  protected static <T> List<T> items(RowSet<Row> claimed, Function<Row, T> item) {
    List<T> items = new ArrayList<>(claimed.size());
    for (Row row : claimed) {
      items.add(item.apply(row));
    }
    return items;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(pollMillis, id -> claimWhileFree());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    // items in flight end with Vert.x; their leases run out and another replica takes them
    stopped = true;
    return Future.succeededFuture();
  }

  /** True once the verticle was stopped. */
  protected final boolean stopped() {
    return stopped;
  }

  /** Claims and works items until a claim comes back empty or every slot is busy. */
  protected final void claimWhileFree() {
    int free = concurrency - working;
    if (claiming || stopped || free <= 0) {
      return;
    }
    claiming = true;
    String lease = UUID.randomUUID().toString();
    claim(lease, free).onComplete(claimed -> {
      claiming = false;
      if (claimed.failed()) {
        LOG.warn("cannot claim {}: {}", name, claimed.cause().getMessage());
        return;
      }
      for (T item : claimed.result()) {
        working++;
        work(item, lease).onComplete(done -> {
          working--;
          if (done.failed()) {
            LOG.warn("{}: {}", name, done.cause().getMessage());
          }
          claimWhileFree();
        });
      }
      if (!claimed.result().isEmpty()) {
        claimWhileFree();
      }
    });
  }
}
