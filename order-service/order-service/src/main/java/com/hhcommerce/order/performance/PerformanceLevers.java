package com.hhcommerce.order.performance;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Mechanisms that make a saga cheaper without changing what it guarantees, each off by default (the framework's
 * own behaviour) and switched on by the benchmark, which measures them.
 *
 * @param sagaWriteBehind keep a saga instance read or written in a transaction with that transaction and write it
 *                        once, at the commit, in place of Eventuate's repository, which reads it for every reply and
 *                        writes it after every action (HH_PERFORMANCE_SAGA_WRITE_BEHIND)
 * @param stepLogBatch    write a transaction's step-log entries as one batch just before its commit, instead of one
 *                        statement each (HH_PERFORMANCE_STEP_LOG_BATCH)
 */
@ConfigurationProperties("hh.performance")
public record PerformanceLevers(boolean sagaWriteBehind, boolean stepLogBatch) {
}
