package com.hhcommerce.order.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.order.api.OrderStatus;
import com.hhcommerce.order.api.SagaState;
import com.hhcommerce.order.domain.Orders;
import com.hhcommerce.order.eventuate.SagaInstances;
import com.hhcommerce.order.saga.SagaStepLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * What support asks of the order database: sagas by state, step, customer and age, and one saga in full.
 * One read model over our orders, step log and stuck list and Eventuate's saga_instance (the waiting command and
 * the instance's flags come from {@link SagaInstances}); docs/support.md shows the same SQL.
 */
@Component
public class SupportQueries {

  /** The step a saga is on: the command it waits for, or (once ended) its last recorded step. */
  private static final String SAGAS = """
      SELECT o.*,
             (SELECT l.step FROM saga_step_log l WHERE l.order_id = o.order_id ORDER BY l.id DESC LIMIT 1) AS last_step,
             st.detected_at AS stuck_since
      FROM (%s) o
      LEFT JOIN stuck_saga st ON st.saga_id = o.saga_id
      """.formatted(SagaInstances.ORDERS_WITH_WAITING_COMMAND);

  public record SagaFilter(SagaState state, String step, Long customerId, Duration olderThan, Boolean stuck) {
  }

  /**
   * compensating: steps are being undone (also while a stopped saga waits for the undo of the step it was stopped
   * at, before the framework itself compensates); failed: the order failed (compensating or compensated); compensationFailed: a compensation itself was
   * refused and a person must look. durationMillis: from the order's creation to its end, or to now while
   * in flight; ageSeconds only while in flight.
   */
  public record SagaSummary(String sagaId, long orderId, long customerId, String currentStep, String waitingOn,
                            Instant waitingSince, SagaState state, boolean compensating, boolean failed,
                            boolean compensationFailed, boolean ended, boolean stuck, Instant stuckSince,
                            String failureCode, String failureReason, Instant startedAt, Instant updatedAt,
                            long durationMillis, Long ageSeconds) {
  }

  public record SagaDetail(SagaSummary saga, JsonNode sagaData, List<SagaStepLog.Entry> timeline,
                           List<SupportAction> actions) {
  }

  public record SupportAction(long id, String action, String operator, String reason, String step, String outcome,
                              String detail, Instant at) {
  }

  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final Clock clock;
  private final SagaStepLog stepLog;
  private final SagaInstances sagaInstances;

  public SupportQueries(JdbcClient jdbc, ObjectMapper json, Clock clock, SagaStepLog stepLog, SagaInstances sagaInstances) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
    this.stepLog = stepLog;
    this.sagaInstances = sagaInstances;
  }

  /** Newest first. */
  public List<SagaSummary> sagas(SagaFilter filter, int offset, int limit) {
    List<String> where = new ArrayList<>();
    var params = new LinkedHashMap<String, Object>();
    if (filter.state() != null) {
      where.add("o.saga_state = :state");
      params.put("state", filter.state().name());
    }
    if (filter.customerId() != null) {
      where.add("o.customer_id = :customerId");
      params.put("customerId", filter.customerId());
    }
    if (filter.olderThan() != null) {
      where.add("o.created_at < :createdBefore");
      params.put("createdBefore", Timestamp.from(clock.instant().minus(filter.olderThan())));
    }
    if (Boolean.TRUE.equals(filter.stuck())) {
      where.add("st.saga_id IS NOT NULL AND " + Orders.NOT_ENDED);
    } else if (Boolean.FALSE.equals(filter.stuck())) {
      where.add("(st.saga_id IS NULL OR NOT (" + Orders.NOT_ENDED + "))");
    }
    String sql = "SELECT * FROM (" + SAGAS + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + ") x";
    if (filter.step() != null) {
      sql += " WHERE (CASE WHEN x.end_state = 1 THEN x.last_step ELSE COALESCE(x.waiting_step, x.last_step) END) = :step";
      params.put("step", filter.step());
    }
    sql += " ORDER BY x.order_id DESC LIMIT :limit OFFSET :offset";
    params.put("limit", limit);
    params.put("offset", offset);
    return jdbc.sql(sql).params(params).query(this::summary).list();
  }

  public Optional<SagaSummary> saga(String sagaId) {
    return jdbc.sql(SAGAS + " WHERE o.saga_id = :sagaId").param("sagaId", sagaId).query(this::summary).optional();
  }

  public Optional<SagaDetail> detail(String sagaId) {
    return saga(sagaId).map(saga -> new SagaDetail(saga, sagaData(sagaId), stepLog.timeline(saga.orderId()), actions(sagaId)));
  }

  public List<SupportAction> actions(String sagaId) {
    return jdbc.sql("SELECT * FROM support_action WHERE saga_id = ? ORDER BY id").param(sagaId)
        .query((rs, i) -> new SupportAction(rs.getLong("id"), rs.getString("action"), rs.getString("operator"),
            rs.getString("reason"), rs.getString("step"), rs.getString("outcome"), rs.getString("detail"),
            rs.getTimestamp("at").toInstant()))
        .list();
  }

  private JsonNode sagaData(String sagaId) {
    return sagaInstances.find(sagaId).map(SagaInstances.Instance::dataJson)
        .map(text -> {
          try {
            return json.readTree(text);
          } catch (Exception e) {
            return (JsonNode) json.getNodeFactory().textNode(text);
          }
        }).orElse(null);
  }

  private SagaSummary summary(ResultSet rs, int row) throws SQLException {
    SagaState state = SagaState.valueOf(rs.getString("saga_state"));
    boolean ended = state.isFinal();
    String waitingStep = rs.getString("waiting_step");
    Instant started = rs.getTimestamp("created_at").toInstant();
    Instant updated = rs.getTimestamp("updated_at").toInstant();
    Timestamp stuckSince = rs.getTimestamp("stuck_since");
    Timestamp waitingSince = rs.getTimestamp("waiting_since");
    Duration age = Duration.between(started, ended ? updated : clock.instant());
    return new SagaSummary(rs.getString("saga_id"), rs.getLong("order_id"), rs.getLong("customer_id"),
        ended || waitingStep == null ? rs.getString("last_step") : waitingStep,
        ended ? null : rs.getString("waiting_on"), ended || waitingSince == null ? null : waitingSince.toInstant(),
        state, rs.getBoolean("compensating") || state == SagaState.COMPENSATING, state.customerStatus() == OrderStatus.FAILED, state == SagaState.COMPENSATION_FAILED,
        ended, !ended && stuckSince != null, stuckSince == null ? null : stuckSince.toInstant(), rs.getString("failure_code"),
        rs.getString("failure_reason"), started, updated, age.toMillis(), ended ? null : age.toSeconds());
  }
}
