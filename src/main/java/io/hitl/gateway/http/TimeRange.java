package io.hitl.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A time range from the query parameters {@code from} (inclusive) and {@code to} (exclusive), in
 * ISO 8601: {@code 2025-01-31T08:00:00Z}, with an offset, or a date ({@code 2025-01-31}, midnight
 * UTC). A bad value is 400 {@code invalid_time}; {@code from} after {@code to} is 400
 * {@code invalid_range}.
 *
 * @param from null for unbounded
 * @param to null for unbounded
 */
public record TimeRange(OffsetDateTime from, OffsetDateTime to) {

  /** The range given by the request; either end null when not given. */
  public static TimeRange of(RoutingContext ctx) {
    TimeRange range = new TimeRange(parse(ctx, "from"), parse(ctx, "to"));
    if (range.from != null && range.to != null && range.from.isAfter(range.to)) {
      throw ApiException.badRequest("invalid_range", "'from' must not be after 'to'");
    }
    return range;
  }

  /** The range given by the request, with {@code to} defaulting to now and {@code from} to {@code to - fallback}. */
  public static TimeRange of(RoutingContext ctx, Duration fallback) {
    TimeRange given = of(ctx);
    OffsetDateTime to = given.to != null ? given.to : OffsetDateTime.now(ZoneOffset.UTC);
    OffsetDateTime from = given.from != null ? given.from : to.minus(fallback);
    if (from.isAfter(to)) {
      throw ApiException.badRequest("invalid_range", "'from' must not be after 'to'");
    }
    return new TimeRange(from, to);
  }

  private static OffsetDateTime parse(RoutingContext ctx, String name) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    // A '+' of an offset arrives as a space unless the client encoded it as %2B.
    String value = raw.trim().replace(' ', '+');
    OffsetDateTime time;
    try {
      time = value.length() == 10 ? LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC)
          : OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw invalid(name);
    }
    // PostgreSQL's timestamptz cannot hold every year Java can.
    if (time.getYear() < 1 || time.getYear() > 9999) {
      throw invalid(name);
    }
    return time;
  }

  private static ApiException invalid(String name) {
    return ApiException.badRequest("invalid_time",
        "'" + name + "' must be an ISO 8601 time such as 2025-01-31T08:00:00Z or a date such as 2025-01-31");
  }
}
