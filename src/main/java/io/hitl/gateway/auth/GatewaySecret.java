package io.hitl.gateway.auth;

import io.hitl.gateway.store.DatabaseTarget;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The gateway's master secret, from which each use derives its own key ({@link #derive}):
 * webhook-secret encryption, callback-URL signatures, email reply tokens. It comes from
 * {@code HITL_SECRET_KEY}; when that is unset the gateway generates one at first start and keeps
 * it in the database, which makes signatures work at once but means secrets encrypted with it are
 * not protected from someone who can read the database.
 */
public final class GatewaySecret {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] master;

  private GatewaySecret(String master) {
    this.master = master.getBytes(StandardCharsets.UTF_8);
  }

  /** A secret given directly (tests, tools). */
  public static GatewaySecret of(String master) {
    return new GatewaySecret(master);
  }

  /**
   * The configured secret, or the stored generated one (generated now if there is none). Blocking
   * (JDBC): run before Vert.x starts serving.
   *
   * @param generatedWarning told once per start when the stored secret is used
   */
  public static GatewaySecret load(Optional<String> configured, DatabaseTarget db, Runnable generatedWarning) {
    if (configured.isPresent()) {
      return new GatewaySecret(configured.get());
    }
    try (Connection conn = db.openJdbc()) {
      conn.setAutoCommit(false);
      try (Statement lock = conn.createStatement()) {
        lock.execute("select pg_advisory_xact_lock(7245002)");
      }
      String secret = stored(conn);
      if (secret == null) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try (PreparedStatement insert = conn.prepareStatement("insert into gateway_secret (id, secret) values (1, ?)")) {
          insert.setString(1, secret);
          insert.executeUpdate();
        }
      }
      conn.commit();
      generatedWarning.run();
      return new GatewaySecret(secret);
    } catch (SQLException e) {
      throw new IllegalStateException("could not load the stored gateway secret: " + e.getMessage(), e);
    }
  }

  private static String stored(Connection conn) throws SQLException {
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("select secret from gateway_secret where id = 1")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** A 256-bit key for one purpose (HMAC-SHA256 of the purpose under the master secret). */
  public byte[] derive(String purpose) {
    return hmacSha256(master, purpose.getBytes(StandardCharsets.UTF_8));
  }

  /** HMAC-SHA256 of {@code data} under {@code key}. */
  public static byte[] hmacSha256(byte[] key, byte[] data) {
    return hmacSha256Mac(key).doFinal(data);
  }

  /** An HMAC-SHA256 initialised with {@code key}, for callers that sign often (not thread-safe). */
  public static Mac hmacSha256Mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
