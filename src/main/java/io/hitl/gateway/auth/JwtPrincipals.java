package io.hitl.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.auth.JWTOptions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Signed reviewer tokens (HS256 JWTs, {@code HITL_JWT_SECRET}): claim {@code email} (or an email
 * in {@code sub}) names the principal, claim {@code permissions} lists its permissions. Expiry
 * ({@code exp}) and, when configured, the issuer are enforced by vertx-auth-jwt.
 */
public final class JwtPrincipals {

  private final JWTAuth jwt;

  public JwtPrincipals(Vertx vertx, String secret, String issuer) {
    JWTOptions options = new JWTOptions();
    if (issuer != null) {
      options.setIssuer(issuer);
    }
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
        .setJWTOptions(options));
  }

  /** True when {@code token} has the shape of a JWT (three base64url parts). */
  public static boolean looksLikeJwt(String token) {
    return token.startsWith("eyJ") && token.chars().filter(c -> c == '.').count() == 2;
  }

  /** The principal a valid token names; fails when the token is invalid or expired. */
  public Future<Principal> authenticate(String token) {
    return jwt.authenticate(new TokenCredentials(token)).compose(user -> {
      JsonObject claims = user.principal();
      String email = claims.getString("email");
      if (email == null && claims.getString("sub", "").contains("@")) {
        email = claims.getString("sub");
      }
      if (email == null) {
        return Future.failedFuture("the token names no email (claim 'email' or 'sub')");
      }
      return Future.succeededFuture(Principal.person(email, permissions(claims.getValue("permissions"))));
    });
  }

  /** Issues a token; used by operators' tooling and tests. */
  public String issue(String email, Set<Permission> permissions, int expiresInSeconds) {
    JsonArray labels = new JsonArray();
    permissions.forEach(p -> labels.add(p.label()));
    return jwt.generateToken(new JsonObject().put("email", email).put("permissions", labels),
        new JWTOptions().setExpiresInSeconds(expiresInSeconds));
  }

  private static Set<Permission> permissions(Object claim) {
    Set<Permission> set = EnumSet.noneOf(Permission.class);
    if (claim instanceof JsonArray array) {
      for (Object label : array) {
        Permission p = label instanceof String s ? Permission.fromLabel(s) : null;
        if (p != null) {
          set.add(p);
        }
      }
    }
    return set;
  }
}
