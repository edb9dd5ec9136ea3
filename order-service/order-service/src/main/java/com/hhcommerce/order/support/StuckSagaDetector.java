package com.hhcommerce.order.support;

import com.hhcommerce.order.domain.Orders;
import com.hhcommerce.order.eventuate.SagaInstances;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

/**
 * Marks sagas that have not reached an end state within hh.support.stuck-after ({@link SupportSettings}) as
 * stuck, with the step they wait on. Idempotent, so several order-service instances may all run it.
 */
@Component
public class StuckSagaDetector {

  private static final Logger log = LoggerFactory.getLogger(StuckSagaDetector.class);

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Duration stuckAfter;

  public StuckSagaDetector(JdbcClient jdbc, Clock clock, MeterRegistry meters,
                           SupportSettings settings) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.stuckAfter = settings.stuckAfter();
    Gauge.builder("hh.sagas.stuck", () -> jdbc.sql("""
            SELECT COUNT(*) FROM stuck_saga st JOIN orders o ON o.saga_id = st.saga_id
            WHERE\s""" + Orders.NOT_ENDED).query(Long.class).single())
        .description("Sagas marked stuck that have still not ended").register(meters);
  }

  @Scheduled(fixedDelayString = "${hh.support.stuck-check-interval}", initialDelayString = "${hh.support.stuck-check-interval}")
  public int detect() {
    int marked = jdbc.sql("""
            INSERT IGNORE INTO stuck_saga (saga_id, order_id, waiting_step)
            SELECT x.saga_id, x.order_id, x.waiting_step
            FROM (%s) x
            WHERE x.%s
              AND x.created_at < ?
              AND NOT EXISTS (SELECT 1 FROM stuck_saga st WHERE st.saga_id = x.saga_id)"""
            .formatted(SagaInstances.ORDERS_WITH_WAITING_COMMAND, Orders.NOT_ENDED))
        .params(Timestamp.from(clock.instant().minus(stuckAfter)))
        .update();
    if (marked > 0) {
      log.warn("{} saga(s) still in flight after {}: listed at /support/sagas?stuck=true", marked, stuckAfter);
    }
    return marked;
  }
}
