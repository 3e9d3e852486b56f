package io.hitl.gateway.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Writes concurrent submissions together, several to one statement or transaction, so that one
 * commit (one WAL flush, one wake-up of the dispatchers) serves many producers.
 *
 * <p>Batching is opportunistic: while fewer than {@code maxInFlight} batches are being written a
 * submission is written at once, so a lone producer pays no added latency; under load the
 * submissions that arrive while every slot is busy queue up and go together into the next
 * batch. The writer makes each batch atomic (one statement, or one transaction); a failed batch
 * fails every submission in it.
 *
 * @param <I> what a producer submits
 * @param <O> what it gets back once committed
 */
public final class GroupCommit<I, O> {

  /**
   * Writes one batch atomically, all or nothing, returning one result per input, in order, once
   * committed.
   */
  @FunctionalInterface
  public interface BatchWriter<I, O> extends Function<List<I>, Future<List<O>>> {
  }

  private final Vertx vertx;
  private final BatchWriter<I, O> writer;
  private final int maxBatch;
  private final int maxInFlight;
  private final ArrayDeque<Submission<I, O>> queue = new ArrayDeque<>();
  private int inFlight;

  /**
   * @param maxBatch the most submissions in one batch
   * @param maxInFlight the most batches being written at once (keep it below the pool size)
   */
  public GroupCommit(Vertx vertx, int maxBatch, int maxInFlight, BatchWriter<I, O> writer) {
    this.vertx = vertx;
    this.writer = writer;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
  }

  /**
   * Submits one input; the future completes, on the caller's context, once its batch has
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
    Future<List<O>> written;
    try {
      written = writer.apply(inputs);
    } catch (RuntimeException e) {
      // the slot must be given back whatever the writer does
      written = Future.failedFuture(e);
    }
    written.onComplete(ar -> {
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
