package com.hhcommerce.platform.retention;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How every service deletes the old rows of its Eventuate tables (hh.retention.*; {@link TableRetention}). The values,
 * each with its environment variable (HH_RETENTION_INTERVAL, ...), are in hh-platform.properties.
 *
 * @param interval how often the retention rules run, and the wait before their first run
 * @param batchSize rows deleted per statement, each in a short transaction of its own
 * @param receivedMessages how long a duplicate-detection row (received_messages) is kept at least: it is kept as long as
 * Kafka could still deliver its message again ({@link RedeliveryWindow}), and this long if that is shorter
 * @param parkedMessages how long a parked message is kept for a person to look at
 * @param redeliveryMargin added to the longest retention.ms + segment.ms of the consumed topics ({@link RedeliveryWindow}):
 * the broker's retention check interval, the segments' jitter, clocks that differ
 * @param redeliveryRefresh how often the consumed topics' settings are read again from the broker
 */
@Validated
@ConfigurationProperties("hh.retention")
public record RetentionProperties(@NotNull @DurationMin(millis = 1) Duration interval, @NotNull @Positive Integer batchSize,
                                  @NotNull Duration receivedMessages, @NotNull Duration parkedMessages,
                                  @NotNull Duration redeliveryMargin, @NotNull @DurationMin(millis = 1) Duration redeliveryRefresh) {
}
