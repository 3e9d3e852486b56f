package io.hitl.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The API keys the gateway accepts, each acting for a {@link Principal}. Only SHA-256 digests
 * are kept in memory; a candidate is hashed and compared with {@link MessageDigest#isEqual}, which
 * takes the same time wherever the digests differ, and every known key is always compared so
 * timing reveals nothing.
 */
public final class ApiKeys {

  private record Entry(byte[] digest, Principal principal) {
  }

  private final List<Entry> entries;

  private ApiKeys(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Deployment (service) keys given in plain text (configuration). */
  public static ApiKeys of(List<String> keys) {
    return ofDigests(keys.stream().map(ApiKeys::digest).toList());
  }

  /** Deployment (service) keys known only by their digests (stored). */
  public static ApiKeys ofDigests(List<byte[]> digests) {
    return new ApiKeys(digests.stream().map(d -> new Entry(d, Principal.SERVICE)).toList());
  }

  /** These keys plus one acting for {@code principal}. */
  public ApiKeys with(String key, Principal principal) {
    List<Entry> more = new ArrayList<>(entries);
    more.add(new Entry(digest(key), principal));
    return new ApiKeys(more);
  }

  /** The principal {@code candidate} acts for, or null when it is no known key. */
  public Principal authenticate(String candidate) {
    if (candidate == null || candidate.isEmpty()) {
      return null;
    }
    byte[] presented = digest(candidate);
    Principal match = null;
    for (Entry known : entries) {
      if (MessageDigest.isEqual(presented, known.digest) && match == null) {
        match = known.principal;
      }
    }
    return match;
  }

  /** True when {@code candidate} is one of the keys. */
  public boolean accepts(String candidate) {
    return authenticate(candidate) != null;
  }

  /** How many keys there are. */
  public int size() {
    return entries.size();
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
