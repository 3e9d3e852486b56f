package io.hitl.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The API keys the gateway accepts. Only SHA-256 digests are kept in memory; a candidate is
 * hashed and compared with {@link MessageDigest#isEqual}, which takes the same time wherever the
 * digests differ, and every known key is always compared so timing reveals nothing.
 */
public final class ApiKeys {

  private final List<byte[]> digests;

  private ApiKeys(List<byte[]> digests) {
    this.digests = List.copyOf(digests);
  }

  /** Keys given in plain text (configuration). */
  public static ApiKeys of(List<String> keys) {
    return new ApiKeys(keys.stream().map(ApiKeys::digest).toList());
  }

  /** Keys known only by their digests (stored). */
  public static ApiKeys ofDigests(List<byte[]> digests) {
    return new ApiKeys(digests);
  }

  /** True when {@code candidate} is one of the keys. */
  public boolean accepts(String candidate) {
    if (candidate == null || candidate.isEmpty()) {
      return false;
    }
    byte[] presented = digest(candidate);
    boolean match = false;
    for (byte[] known : digests) {
      match |= MessageDigest.isEqual(presented, known);
    }
    return match;
  }

  /** How many keys there are. */
  public int size() {
    return digests.size();
  }

  /** The SHA-256 digest of a key. */
  public static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
