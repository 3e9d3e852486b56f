package io.hitl.gateway.timer;

import io.hitl.gateway.review.Answer;
import io.hitl.gateway.routing.SettingsStore;
import io.hitl.gateway.review.HumanInputRequest;
import io.hitl.gateway.review.RequestLifecycle;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Arms and retires timers as requests come and go, inside the transaction of the change: a new
 * request gets an auto-response timer when auto-response is enabled, and an SLA due time and timer
 * when an SLA target is set (by the settings of that moment); an answered or cancelled request's
 * timers are retired.
 */
public final class RequestTimers implements RequestLifecycle {

  private final SettingsStore settings;

  public RequestTimers(SettingsStore settings) {
    this.settings = settings;
  }

  @Override
  public Future<Void> created(SqlClient tx, List<HumanInputRequest> created) {
    UUID[] ids = new UUID[created.size()];
    OffsetDateTime[] createdAt = new OffsetDateTime[created.size()];
    List<UUID> withSla = new ArrayList<>();
    List<OffsetDateTime> slaDue = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      HumanInputRequest r = created.get(i);
      ids[i] = UUID.fromString(r.requestId());
      createdAt[i] = r.createdAt();
      if (r.slaDueAt() != null) {
        withSla.add(ids[i]);
        slaDue.add(r.slaDueAt());
      }
    }
    // The statement re-checks the stored setting; the cached one only spares it when auto-response is off.
    Future<?> armed = settings.current(tx).compose(current -> !current.autoResponseEnabled() ? Future.succeededFuture()
        : tx.preparedQuery(TimerQueries.ARM_AUTO_RESPONSE)
            .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfOffsetDateTime(createdAt)));
    if (withSla.isEmpty()) {
      return armed.mapEmpty();
    }
    return armed.compose(v -> tx.preparedQuery(TimerQueries.ARM_SLA).execute(Tuple.tuple()
        .addArrayOfUUID(withSla.toArray(UUID[]::new)).addArrayOfOffsetDateTime(slaDue.toArray(OffsetDateTime[]::new))))
        .mapEmpty();
  }

  @Override
  public Future<Void> answered(SqlClient tx, HumanInputRequest answered) {
    String result = Answer.AUTO.equals(answered.source()) ? "auto_responded" : "answered";
    return tx.preparedQuery(TimerQueries.RETIRE_SETTLED).execute(Tuple.of(answered.requestId(), result)).mapEmpty();
  }

  @Override
  public Future<Void> cancelled(SqlClient tx, HumanInputRequest cancelled, String by) {
    return tx.preparedQuery(TimerQueries.RETIRE_SETTLED).execute(Tuple.of(cancelled.requestId(), "cancelled")).mapEmpty();
  }
}
