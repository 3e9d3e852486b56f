package io.hitl.gateway.email;

import io.hitl.gateway.auth.GatewaySecret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * The signed token in a notification's Reply-To address. It names the notification (and so the
 * request and the assignee), carries its expiry, and is signed with HMAC-SHA256 over
 * notification id, expiry and the lower-cased assignee email under a key derived for this
 * purpose alone. Layout, 31 bytes written as 50 lower-case base32 characters: notification id
 * (16 bytes), expiry in epoch seconds (5 bytes), MAC truncated to 10 bytes.
 */
public final class ReplyToken {

  /** Key derivation label; a new version of the layout gets a new label. */
  static final String PURPOSE = "email-reply-token/v1";
  static final int LENGTH = 50;
  private static final int MAC_BYTES = 10;
  private static final int TOKEN_BYTES = 16 + 5 + MAC_BYTES;

  private final byte[] key;

  public ReplyToken(GatewaySecret secret) {
    this.key = secret.derive(PURPOSE);
  }

  /** What a token says before its signature is checked. */
  public record Claims(UUID notificationId, Instant expiresAt, byte[] mac) {
  }

  /** A token for the notification {@code id} sent to {@code email}, valid until {@code expiresAt}. */
  public String issue(UUID id, Instant expiresAt, String email) {
    ByteBuffer token = ByteBuffer.allocate(TOKEN_BYTES);
    token.put(signedPart(id, expiresAt.getEpochSecond()));
    token.put(mac(id, expiresAt.getEpochSecond(), email));
    return Base32.encode(token.array());
  }

  /** The claims of a token, or null when it is not a token at all. */
  public static Claims parse(String token) {
    if (token == null || token.length() != LENGTH) {
      return null;
    }
    byte[] bytes = Base32.decode(token);
    if (bytes == null || bytes.length != TOKEN_BYTES) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    UUID id = new UUID(buffer.getLong(), buffer.getLong());
    long expiry = ((long) (buffer.get() & 0xff) << 32) | (buffer.getInt() & 0xffffffffL);
    byte[] mac = new byte[MAC_BYTES];
    buffer.get(mac);
    return new Claims(id, Instant.ofEpochSecond(expiry), mac);
  }

  /** True when the claims were signed by this gateway for {@code email}; constant time. */
  public boolean verify(Claims claims, String email) {
    byte[] expected = mac(claims.notificationId(), claims.expiresAt().getEpochSecond(), email == null ? "" : email);
    return MessageDigest.isEqual(expected, claims.mac());
  }

  private byte[] mac(UUID id, long expiry, String email) {
    byte[] signed = signedPart(id, expiry);
    byte[] address = email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    byte[] data = Arrays.copyOf(signed, signed.length + address.length);
    System.arraycopy(address, 0, data, signed.length, address.length);
    return Arrays.copyOf(GatewaySecret.hmacSha256(key, data), MAC_BYTES);
  }

  private static byte[] signedPart(UUID id, long expiry) {
    return ByteBuffer.allocate(21).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
        .put((byte) (expiry >>> 32)).putInt((int) expiry).array();
  }
}
