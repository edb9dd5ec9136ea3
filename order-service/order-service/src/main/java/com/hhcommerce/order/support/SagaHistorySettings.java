package com.hhcommerce.order.support;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param sagaHistory how long an ended saga's history (instance, step log, stuck mark) is kept for support; the order
 *                    keeps its outcome (HH_RETENTION_SAGA_HISTORY)
 */
@Validated
@ConfigurationProperties("hh.retention")
public record SagaHistorySettings(@NotNull Duration sagaHistory) {
}
