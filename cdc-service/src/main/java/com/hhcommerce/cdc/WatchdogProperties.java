package com.hhcommerce.cdc;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Objects;

/**
 * The publishing watchdog (hh.cdc.watchdog.*; {@link PublishingWatchdog}). Values with an environment variable are in
 * application.properties.
 *
 * @param interval how often a probe is written to the CDC's own outbox (HH_CDC_WATCHDOG_INTERVAL)
 * @param stallAfter how long a probe may wait to come out of Kafka before the CDC counts as stalled
 * (HH_CDC_WATCHDOG_STALL_AFTER)
 * @param firstProbeWithin the same limit for the first probe, longer: a (re)started CDC may replay a backlog before it
 * (HH_CDC_WATCHDOG_FIRST_PROBE_WITHIN)
 * @param exitOnStall whether a stalled CDC exits (code 3) so that its supervisor restarts it; false only logs
 */
@ConstructorBinding
@ConfigurationProperties("hh.cdc.watchdog")
public record WatchdogProperties(Duration interval, Duration stallAfter, Duration firstProbeWithin, @DefaultValue("true") boolean exitOnStall) {

  public WatchdogProperties {
    Objects.requireNonNull(interval, "hh.cdc.watchdog.interval is not set");
    Objects.requireNonNull(stallAfter, "hh.cdc.watchdog.stall-after is not set");
    Objects.requireNonNull(firstProbeWithin, "hh.cdc.watchdog.first-probe-within is not set");
  }
}
