package io.hitl.gateway.review;

import io.hitl.gateway.auth.GatewaySecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;

/**
 * The seed's {@code callback_url}: a link that answers one request without an account. It carries
 * an HMAC of the request id under a key derived for this purpose, so it works only for its own
 * request; the request's state machine makes it work only while the request is pending.
 */
public final class CallbackUrls {

  /** Path prefix; the full path is {@code PREFIX/{request_id}/{signature}}. */
  public static final String PREFIX = "/api/v1/callbacks";

  private final ThreadLocal<Mac> macs;
  private final String baseUrl;

  /** @param baseUrl where clients reach the gateway, without a trailing slash */
  public CallbackUrls(GatewaySecret secret, String baseUrl) {
    byte[] key = secret.derive("callback-url/v1");
    // One initialised Mac per thread: looking one up for every request view costs more than the MAC.
    this.macs = ThreadLocal.withInitial(() -> GatewaySecret.hmacSha256Mac(key));
    this.baseUrl = baseUrl;
  }

  /** The callback URL of a request. */
  public String urlFor(String requestId) {
    return baseUrl + PREFIX + "/" + requestId + "/" + signature(requestId);
  }

  /** True when {@code signature} is this gateway's signature of {@code requestId}; constant-time. */
  public boolean verify(String requestId, String signature) {
    if (signature == null) {
      return false;
    }
    return MessageDigest.isEqual(signature(requestId).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }

  private String signature(String requestId) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(macs.get().doFinal(requestId.getBytes(StandardCharsets.UTF_8)));
  }
}
