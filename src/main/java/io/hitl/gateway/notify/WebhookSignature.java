package io.hitl.gateway.notify;

import io.hitl.gateway.auth.GatewaySecret;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The signature a receiver checks (seed 001, "Security"): {@code sha256=} and the hex
 * HMAC-SHA256, under the webhook's signing secret, of {@code "{timestamp}.{payload}"}, where the
 * timestamp is the {@code X-Timestamp} header (Unix seconds) and the payload the exact body.
 */
public final class WebhookSignature {

  /** Header carrying {@code sha256=<hex>}. */
  public static final String SIGNATURE_HEADER = "X-Signature";
  /** Header carrying the Unix time of signing, in seconds. */
  public static final String TIMESTAMP_HEADER = "X-Timestamp";

  private WebhookSignature() {
  }

  /** The {@code X-Signature} value for {@code payload} signed at {@code timestamp}. */
  public static String sign(String signingSecret, long timestamp, String payload) {
    byte[] mac = GatewaySecret.hmacSha256(signingSecret.getBytes(StandardCharsets.UTF_8),
        (timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
    return "sha256=" + HexFormat.of().formatHex(mac);
  }
}
