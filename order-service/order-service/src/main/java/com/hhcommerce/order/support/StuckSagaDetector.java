package com.hhcommerce.order.support;

import com.hhcommerce.order.domain.Orders;
import com.hhcommerce.order.saga.SagaInstances;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

/**
 * Marks sagas that have not reached an end state within hh.support.stuck-after (5 minutes: far longer
 * than any healthy saga, short enough that support sees a customer's stalled order the same hour) as
 * stuck, with the step they wait on. Idempotent, so several order-service instances may all run it.
 */
@Component
public class StuckSagaDetector {

  private static final Logger log = LoggerFactory.getLogger(StuckSagaDetector.class);

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Duration stuckAfter;

  public StuckSagaDetector(JdbcClient jdbc, Clock clock, MeterRegistry meters,
                           @Value("${hh.support.stuck-after:PT5M}") Duration stuckAfter) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.stuckAfter = stuckAfter;
    Gauge.builder("hh.sagas.stuck", () -> jdbc.sql("""
            SELECT COUNT(*) FROM stuck_saga st JOIN orders o ON o.saga_id = st.saga_id
            WHERE\s""" + Orders.NOT_ENDED).query(Long.class).single())
        .description("Sagas marked stuck that have still not ended").register(meters);
  }

  @Scheduled(fixedDelayString = "${hh.support.stuck-check-interval:PT30S}", initialDelayString = "${hh.support.stuck-check-interval:PT30S}")
  public int detect() {
    int marked = jdbc.sql("""
            INSERT IGNORE INTO stuck_saga (saga_id, order_id, waiting_step)
            SELECT o.saga_id, o.id, w.step
            FROM orders o
            %s
            LEFT JOIN saga_step_log w ON w.message_id = %s AND w.kind = 'COMMAND'
            WHERE %s
              AND o.created_at < ?
              AND NOT EXISTS (SELECT 1 FROM stuck_saga st WHERE st.saga_id = o.saga_id)"""
            .formatted(SagaInstances.JOIN_SAGA_OF_ORDER, SagaInstances.WAITING_COMMAND_ID, Orders.NOT_ENDED))
        .params(Timestamp.from(clock.instant().minus(stuckAfter)))
        .update();
    if (marked > 0) {
      log.warn("{} saga(s) still in flight after {}: listed at /support/sagas?stuck=true", marked, stuckAfter);
    }
    return marked;
  }
}
