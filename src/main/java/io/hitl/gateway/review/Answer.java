package io.hitl.gateway.review;

/**
 * An answer to a request.
 *
 * @param feedback the reviewer's text; its first line may name an emit option (see {@link Outcomes})
 * @param isApprove for crew tasks: approve (true) or reject with feedback (false); null when not said
 * @param source {@code dashboard}, {@code email}, {@code api} or {@code auto}
 * @param responder who answered: an email, {@code api} for a deployment key, {@code auto}
 * @param sourceLabel the client's own name for where the answer came from (the seed's callback
 *     {@code source}, e.g. {@code my_custom_app}), or null
 * @param idempotencyKey the client's {@code Idempotency-Key}, or null
 */
public record Answer(String feedback, Boolean isApprove, String source, String responder, String sourceLabel,
    String idempotencyKey) {

  /** Answer sources (seed 001 plus {@code auto} for auto-responses). */
  public static final String DASHBOARD = "dashboard";
  public static final String EMAIL = "email";
  public static final String API = "api";
  public static final String AUTO = "auto";

  /** An answer through the API with no idempotency key. */
  public static Answer api(String feedback, Boolean isApprove, String responder) {
    return new Answer(feedback, isApprove, API, responder, null, null);
  }
}
