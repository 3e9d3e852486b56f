package io.hitl.gateway.notify;

import io.hitl.gateway.auth.GatewaySecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signing secrets: generates them ({@code whsec_} + 32 random bytes, base64url) and keeps
 * them encrypted at rest with AES-256-GCM under a key derived from the gateway secret
 * ({@code webhook-secrets/v1}), a fresh 12-byte nonce per secret, and the webhook id as associated
 * data so that a ciphertext only decrypts for its own webhook.
 */
public final class SigningSecrets {

  /** Prefix of every generated secret, so that one is recognised when pasted somewhere. */
  public static final String PREFIX = "whsec_";

  private static final String PURPOSE = "webhook-secrets/v1";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  public SigningSecrets(GatewaySecret secret) {
    this.key = new SecretKeySpec(secret.derive(PURPOSE), "AES");
  }

  /** An encrypted secret as stored. */
  public record Sealed(byte[] ciphertext, byte[] nonce) {
  }

  /** A new random signing secret. */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Encrypts the secret of webhook {@code webhookId}. */
  public Sealed seal(String webhookId, String signingSecret) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    return new Sealed(run(Cipher.ENCRYPT_MODE, webhookId, nonce, signingSecret.getBytes(StandardCharsets.UTF_8)), nonce);
  }

  /**
   * Decrypts the secret of webhook {@code webhookId}.
   *
   * @throws IllegalStateException when it does not decrypt (another gateway secret, or a tampered row)
   */
  public String open(String webhookId, byte[] ciphertext, byte[] nonce) {
    return new String(run(Cipher.DECRYPT_MODE, webhookId, nonce, ciphertext), StandardCharsets.UTF_8);
  }

  private byte[] run(int mode, String webhookId, byte[] nonce, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      // no cause attached: the message must stay free of key material
      throw new IllegalStateException("the signing secret of webhook " + webhookId
          + " cannot be decrypted (was HITL_SECRET_KEY changed?)");
    }
  }
}
