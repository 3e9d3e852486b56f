package io.hitl.gateway.audit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.util.List;

/**
 * Recomputes the whole hash chain in Java, page by page, and reports the first entry that does
 * not fit: one whose {@code prev_hash} is not the previous entry's hash (an entry removed or
 * reordered), or whose {@code hash} does not match its content (an entry altered).
 */
public final class ChainVerification {

  private static final int PAGE = 500;

  private final AuditLog log;

  public ChainVerification(AuditLog log) {
    this.log = log;
  }

  /**
   * The result of a verification.
   *
   * @param entries how many entries were checked (up to and including the first invalid one)
   * @param firstInvalidSeq null when valid
   * @param reason null when valid
   */
  public record Result(boolean valid, long entries, Long firstInvalidSeq, String reason) {

    /** {@code {"valid", "entries", "first_invalid_seq", "reason"}}. */
    public JsonObject toJson() {
      return new JsonObject().put("valid", valid).put("entries", entries).put("first_invalid_seq", firstInvalidSeq)
          .put("reason", reason);
    }
  }

  /** Checks every entry from the first. */
  public Future<Result> verify() {
    Promise<Result> done = Promise.promise();
    next(0, ChainHash.GENESIS, 0, done);
    return done.future();
  }

  // One promise for the whole walk rather than a chain of composed futures, which would nest one
  // level per page.
  private void next(long afterSeq, byte[] prevHash, long checked, Promise<Result> done) {
    log.page(AuditLog.Filter.ALL, afterSeq, PAGE).onFailure(done::fail).onSuccess(page -> {
      byte[] expectedPrev = prevHash;
      long count = checked;
      for (AuditEntry entry : page) {
        count++;
        if (!MessageDigest.isEqual(expectedPrev, entry.prevHash())) {
          done.complete(new Result(false, count, entry.seq(), count == 1
              ? "prev_hash of the first entry is not 32 zero bytes"
              : "prev_hash does not match the hash of the entry before it: an entry was removed, inserted or altered"));
          return;
        }
        if (!MessageDigest.isEqual(entry.expectedHash(expectedPrev), entry.hash())) {
          done.complete(new Result(false, count, entry.seq(),
              "hash does not match the entry's content: the entry was altered"));
          return;
        }
        expectedPrev = entry.hash();
      }
      if (page.size() < PAGE) {
        done.complete(new Result(true, count, null, null));
      } else {
        next(last(page).seq(), expectedPrev, count, done);
      }
    });
  }

  private static AuditEntry last(List<AuditEntry> page) {
    return page.get(page.size() - 1);
  }
}
