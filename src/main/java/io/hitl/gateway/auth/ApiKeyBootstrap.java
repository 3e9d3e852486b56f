package io.hitl.gateway.auth;

import io.hitl.gateway.store.DatabaseTarget;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decides which API keys are in force at start-up: the configured ones, or else the keys the
 * gateway generated for itself. On the very first start without configured keys it generates one,
 * stores only its digest and shows the key once. Blocking (JDBC): run before Vert.x starts serving.
 */
public final class ApiKeyBootstrap {

  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeyBootstrap() {
  }

  /**
   * @param configured keys from {@code HITL_API_KEYS}; when non-empty they are used as they are
   * @param announce shown the generated key, once, when one is generated
   */
  public static ApiKeys load(List<String> configured, DatabaseTarget db, Consumer<String> announce) {
    if (!configured.isEmpty()) {
      return ApiKeys.of(configured);
    }
    try (Connection conn = db.openJdbc()) {
      conn.setAutoCommit(false);
      try (Statement lock = conn.createStatement()) {
        // Replicas starting together must agree on one generated key.
        lock.execute("select pg_advisory_xact_lock(7245001)");
      }
      List<byte[]> digests = storedDigests(conn);
      if (digests.isEmpty()) {
        String key = generate();
        try (PreparedStatement insert = conn.prepareStatement("insert into api_keys (key_hash, label) values (?, 'generated')")) {
          insert.setBytes(1, ApiKeys.digest(key));
          insert.executeUpdate();
        }
        conn.commit();
        announce.accept(key);
        return ApiKeys.of(List.of(key));
      }
      conn.commit();
      return ApiKeys.ofDigests(digests);
    } catch (SQLException e) {
      throw new IllegalStateException("could not load the stored API keys: " + e.getMessage(), e);
    }
  }

  private static List<byte[]> storedDigests(Connection conn) throws SQLException {
    List<byte[]> digests = new ArrayList<>();
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("select key_hash from api_keys")) {
      while (rs.next()) {
        digests.add(rs.getBytes(1));
      }
    }
    return digests;
  }

  private static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "hitl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
