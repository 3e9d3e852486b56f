package io.hitl.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The hash that links one audit entry to the one before it, as the chainer computes it when it
 * appends and {@code /verify} when it checks (defined in {@code V4__audit.sql}):
 * {@code sha256(prev_hash || seq 0x00 entry_id 0x00 at-in-epoch-microseconds 0x00 action 0x00
 * actor 0x00 request_id-or-empty 0x00 details-as-jsonb-text)}, every field as UTF-8 text.
 */
public final class ChainHash {

  /** The {@code prev_hash} of the first entry. */
  public static final byte[] GENESIS = new byte[32];

  private ChainHash() {
  }

  /**
   * The hash of an entry.
   *
   * @param detailsText the details exactly as PostgreSQL renders the stored jsonb ({@code details::text})
   */
  public static byte[] of(byte[] prevHash, long seq, String entryId, OffsetDateTime at, String action, String actor,
      String requestId, String detailsText) {
    MessageDigest sha256 = sha256();
    sha256.update(prevHash);
    field(sha256, Long.toString(seq));
    field(sha256, entryId);
    field(sha256, Long.toString(epochMicros(at)));
    field(sha256, action);
    field(sha256, actor);
    field(sha256, requestId == null ? "" : requestId);
    sha256.update(detailsText.getBytes(StandardCharsets.UTF_8));
    return sha256.digest();
  }

  private static void field(MessageDigest sha256, String value) {
    sha256.update(value.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) 0);
  }

  private static long epochMicros(OffsetDateTime at) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, at.toInstant());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
