package com.hhcommerce.order.support;

import com.hhcommerce.order.domain.Orders;
import com.hhcommerce.order.domain.Orders.EndedSaga;
import com.hhcommerce.order.eventuate.SagaInstances;
import com.hhcommerce.order.saga.SagaStepLog;
import com.hhcommerce.platform.retention.RetentionRule;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Deletes the saga history of orders that ended more than hh.retention.saga-history ago (the support window):
 * the saga instance, its step log and its stuck mark. The order keeps its outcome, lines and failure reason; the
 * console and the support API no longer show that saga. A batch is a tenth of the platform's (a saga has about
 * twenty step-log entries), in the one transaction TableRetention runs it in; idempotent, so several instances may
 * run it.
 */
@Component
class SagaHistoryRetention implements RetentionRule {

  private static final int ENTRIES_PER_SAGA = 10;

  private final Orders orders;
  private final SagaInstances sagas;
  private final SagaStepLog stepLog;
  private final JdbcClient jdbc;
  private final Duration keep;

  SagaHistoryRetention(Orders orders, SagaInstances sagas, SagaStepLog stepLog, JdbcClient jdbc,
                       SagaHistorySettings settings) {
    this.orders = orders;
    this.sagas = sagas;
    this.stepLog = stepLog;
    this.jdbc = jdbc;
    this.keep = settings.sagaHistory();
  }

  @Override
  public String table() {
    return "saga_history";
  }

  @Override
  public Duration keep() {
    return keep;
  }

  @Override
  public int deleteBatch(Instant cutoff, int batchSize) {
    List<EndedSaga> ended = orders.endedWithHistoryBefore(cutoff, Math.max(1, batchSize / ENTRIES_PER_SAGA));
    if (ended.isEmpty()) {
      return 0;
    }
    List<Long> orderIds = ended.stream().map(EndedSaga::orderId).toList();
    List<String> sagaIds = ended.stream().map(EndedSaga::sagaId).filter(Objects::nonNull).toList();
    // the saga rows first, as a reply locks them before it reads the step log
    int deleted = sagas.forgetEnded(sagaIds);
    deleted += stepLog.forget(orderIds);
    if (!sagaIds.isEmpty()) {
      deleted += jdbc.sql("DELETE FROM stuck_saga WHERE saga_id IN (:ids)").param("ids", sagaIds).update();
    }
    orders.sagaHistoryDeleted(orderIds);
    return deleted + orderIds.size();
  }
}
