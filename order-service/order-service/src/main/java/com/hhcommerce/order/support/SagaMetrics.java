package com.hhcommerce.order.support;

import com.hhcommerce.order.api.OrderStatus;
import com.hhcommerce.order.api.SagaState;
import com.hhcommerce.order.domain.Order;
import com.hhcommerce.order.domain.OrderLifeEvents;
import com.hhcommerce.order.domain.Orders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Clock;
import java.time.Duration;

/**
 * The saga's figures for Prometheus: started and ended (by outcome and failure reason), duration from the
 * order's creation to its end state, how many are in flight and how old the oldest one is. Counters move
 * only after the transaction that records the outcome has committed; {@link Orders} reports each.
 */
@Component
public class SagaMetrics {

  private final MeterRegistry registry;
  private final Clock clock;
  private final Counter started;

  public SagaMetrics(MeterRegistry registry, Orders orders, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.started = Counter.builder("hh.sagas.started").description("CreateOrderSagas started").register(registry);
    Gauge.builder("hh.sagas.in.flight", orders::countInFlight)
        .description("Orders whose saga has not reached an end state").register(registry);
    Gauge.builder("hh.sagas.oldest.in.flight.age", () -> orders.oldestInFlightSince()
            .map(oldest -> Duration.between(oldest, clock.instant()).toMillis() / 1000.0).orElse(0.0))
        .baseUnit("seconds").description("Age of the oldest saga still in flight").register(registry);
    // at 0 from start-up, so that a dashboard or an alert sees the series before the first order ends
    ended(OrderStatus.CONFIRMED.name(), SagaState.COMPLETED.name(), "none");
    // the failure an alert watches (a counter first seen at 1 is no increase to Prometheus)
    ended(OrderStatus.FAILED.name(), SagaState.COMPENSATED.name(), SupportActions.TIMED_OUT);
    duration(OrderStatus.CONFIRMED.name());
    duration(OrderStatus.FAILED.name());
  }

  @EventListener
  void started(OrderLifeEvents.SagaStarted started) {
    afterCommit(this.started::increment);
  }

  @EventListener
  void ended(OrderLifeEvents.Ended ended) {
    Order order = ended.order();
    String outcome = order.status().name();
    String reason = order.failureCode() == null ? "none" : order.failureCode();
    Duration duration = Duration.between(order.createdAt(), clock.instant());
    afterCommit(() -> {
      ended(outcome, order.sagaState().name(), reason).increment();
      duration(outcome).record(duration);
    });
  }

  private Counter ended(String outcome, String state, String reason) {
    return Counter.builder("hh.sagas.ended").description("CreateOrderSagas that reached an end state")
        .tag("outcome", outcome).tag("state", state).tag("reason", reason).register(registry);
  }

  private Timer duration(String outcome) {
    return Timer.builder("hh.sagas.duration").description("From order creation to the saga's end state")
        .tag("outcome", outcome).publishPercentileHistogram().register(registry);
  }

  private static void afterCommit(Runnable action) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          action.run();
        }
      });
    } else {
      action.run();
    }
  }
}
