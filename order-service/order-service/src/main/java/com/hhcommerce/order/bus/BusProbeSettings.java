package com.hhcommerce.order.bus;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The bus probe ({@link BusProbes}), which starts the step deadlines' clocks.
 *
 * @param interval     how often a probe is sent while a command waits for its clock (HH_BUS_PROBE_INTERVAL): a
 *                     deadline starts at most this much plus one round trip after its command reached Kafka
 * @param idleInterval how often a probe is sent otherwise (HH_BUS_PROBE_IDLE_INTERVAL): a bus that stops carrying while
 *                     no order is on its way shows in hh_bus_undelivered_age_seconds at most this much later
 * @param keep         how long a probe row is kept (HH_BUS_PROBE_KEEP); longer than any step's wait between two sends
 */
@Validated
@ConfigurationProperties("hh.bus.probe")
public record BusProbeSettings(@NotNull Duration interval, @NotNull Duration idleInterval, @NotNull Duration keep) {
}
