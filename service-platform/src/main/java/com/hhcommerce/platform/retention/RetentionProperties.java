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
 * @param receivedMessages how long a duplicate-detection row (received_messages) is kept: longer than the Kafka topics'
 * retention (7 days by default), since no message older than that can be delivered again
 * @param parkedMessages how long a parked message is kept for a person to look at
 */
@Validated
@ConfigurationProperties("hh.retention")
public record RetentionProperties(@NotNull @DurationMin(millis = 1) Duration interval, @NotNull @Positive Integer batchSize,
                                  @NotNull Duration receivedMessages, @NotNull Duration parkedMessages) {
}
