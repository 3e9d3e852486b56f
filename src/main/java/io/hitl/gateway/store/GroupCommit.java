package io.hitl.gateway.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Writes concurrent submissions together, several to one transaction, so that one commit (one
 * WAL flush, one wake-up of the dispatchers) serves many producers.
 *
 * <p>Batching is opportunistic: while fewer than {@code maxInFlight} transactions are open a
 * submission is written at once, so a lone producer pays no added latency; under load the
 * submissions that arrive while every slot is busy queue up and go together into the next
 * transaction. A failed transaction fails every submission in it; none is half-written.
 *
 * @param <I> what a producer submits
 * @param <O> what it gets back once committed
 */
public final class GroupCommit<I, O> {

  /** Writes one batch inside an open transaction, returning one result per input, in order. */
  @FunctionalInterface
  public interface BatchWriter<I, O> extends BiFunction<SqlConnection, List<I>, Future<List<O>>> {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final BatchWriter<I, O> writer;
  private final int maxBatch;
  private final int maxInFlight;
  private final ArrayDeque<Submission<I, O>> queue = new ArrayDeque<>();
  private int inFlight;

  /**
   * @param maxBatch the most submissions in one transaction
   * @param maxInFlight the most transactions open at once (keep it below the pool size)
   */
  public GroupCommit(Vertx vertx, Pool pool, int maxBatch, int maxInFlight, BatchWriter<I, O> writer) {
    this.vertx = vertx;
    this.pool = pool;
    this.writer = writer;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
  }

  /**
   * Submits one input; the future completes, on the caller's context, once its transaction has
   * committed (or failed).
   */
  public Future<O> submit(I input) {
    Context caller = vertx.getOrCreateContext();
    Promise<O> promise = Promise.promise();
    synchronized (this) {
      queue.add(new Submission<>(input, promise, caller));
    }
    writeWhileSlotsFree();
    return promise.future();
  }

  private void writeWhileSlotsFree() {
    while (true) {
      List<Submission<I, O>> batch;
      synchronized (this) {
        if (inFlight >= maxInFlight || queue.isEmpty()) {
          return;
        }
        inFlight++;
        batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
        while (batch.size() < maxBatch && !queue.isEmpty()) {
          batch.add(queue.poll());
        }
      }
      write(batch);
    }
  }

  private void write(List<Submission<I, O>> batch) {
    List<I> inputs = new ArrayList<>(batch.size());
    batch.forEach(s -> inputs.add(s.input()));
    pool.withTransaction(tx -> writer.apply(tx, inputs)).onComplete(ar -> {
      synchronized (this) {
        inFlight--;
      }
      for (int i = 0; i < batch.size(); i++) {
        Submission<I, O> s = batch.get(i);
        if (ar.succeeded()) {
          O result = ar.result().get(i);
          s.caller().runOnContext(v -> s.promise().complete(result));
        } else {
          s.caller().runOnContext(v -> s.promise().fail(ar.cause()));
        }
      }
      writeWhileSlotsFree();
    });
  }

  private record Submission<I, O>(I input, Promise<O> promise, Context caller) {
  }
}
