package com.hhcommerce.order.support;

import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.order.domain.SagaState;
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
 * Marks sagas that have not reached an end state within hh.support.stuck-after (seed 9.4: 5 minutes) as
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
            WHERE\s""" + SagaState.NOT_ENDED_SQL).query(Long.class).single())
        .description("Sagas marked stuck that have still not ended").register(meters);
  }

  @Scheduled(fixedDelayString = "${hh.support.stuck-check-interval:PT30S}", initialDelayString = "${hh.support.stuck-check-interval:PT30S}")
  public int detect() {
    int marked = jdbc.sql("""
            INSERT IGNORE INTO stuck_saga (saga_id, order_id, waiting_step)
            SELECT o.saga_id, o.id, w.step
            FROM orders o
            JOIN saga_instance s ON s.saga_type = ? AND s.saga_id = o.saga_id
            LEFT JOIN saga_step_log w ON w.message_id = s.last_request_id AND w.kind = 'COMMAND'
            WHERE\s""" + SagaState.NOT_ENDED_SQL + """
              AND o.created_at < ?
              AND NOT EXISTS (SELECT 1 FROM stuck_saga st WHERE st.saga_id = o.saga_id)""")
        .params(OrderChannels.CREATE_ORDER_SAGA_TYPE, Timestamp.from(clock.instant().minus(stuckAfter)))
        .update();
    if (marked > 0) {
      log.warn("{} saga(s) still in flight after {}: listed at /support/sagas?stuck=true", marked, stuckAfter);
    }
    return marked;
  }
}
