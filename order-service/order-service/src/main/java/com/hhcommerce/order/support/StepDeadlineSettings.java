package com.hhcommerce.order.support;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Step deadlines ({@link StepDeadlines}): a participant step's command unanswered this long, counted from when it is
 * known to be on Kafka (the bus probe, {@link com.hhcommerce.order.bus.BusProbes}), is re-sent, each time after
 * twice the wait (at most {@code maxBackOff}); after {@code maxResends} re-sends the saga is compensated, the order
 * TIMED_OUT. One step's own deadline is {@code hh.saga.deadline.<step>}, e.g. {@code hh.saga.deadline.reserve-stock=PT1M}
 * (or release-stock, ...).
 *
 * @param defaultDeadline the deadline of a step without its own (HH_SAGA_DEADLINE_DEFAULT)
 * @param maxBackOff      the longest wait between two re-sends (HH_SAGA_DEADLINE_MAX_BACK_OFF)
 * @param maxResends      re-sends of a forward step before it is given up; a compensation is never given up
 *                        (HH_SAGA_DEADLINE_MAX_RESENDS)
 * @param checkInterval   how often the deadlines are checked (HH_SAGA_DEADLINE_CHECK_INTERVAL)
 */
@Validated
@ConfigurationProperties("hh.saga.deadline")
public record StepDeadlineSettings(@NotNull @Name("default") Duration defaultDeadline, @NotNull Duration maxBackOff,
                                   @PositiveOrZero int maxResends, @NotNull Duration checkInterval) {
}
