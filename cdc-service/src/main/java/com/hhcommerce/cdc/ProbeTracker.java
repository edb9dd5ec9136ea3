package com.hhcommerce.cdc;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bookkeeping of the publishing probes: when each was written to the outbox and whether it came out of
 * Kafka. The CDC is stalled when a probe has waited longer than the limit, including the very first one:
 * a CDC restarted into a silent state (seen in the fault runs) must be caught too. Probes are written only
 * once the application has started, and the limit is far longer than a reader needs to connect.
 */
final class ProbeTracker {

  private final Map<String, Instant> pending = new LinkedHashMap<>();
  private Instant lastArrival;
  private Duration lastRoundTrip;

  synchronized void written(String probeId, Instant at) {
    pending.put(probeId, at);
  }

  synchronized void arrived(String probeId, Instant at) {
    Instant written = pending.remove(probeId);
    if (written != null) {
      lastArrival = at;
      lastRoundTrip = Duration.between(written, at);
      // an arrival also answers every older probe: they were published before it, or lost with a restart
      pending.values().removeIf(other -> !other.isAfter(written));
    }
  }

  /** How long the oldest unanswered probe has waited; empty when none waits. */
  synchronized Optional<Duration> waitingFor(Instant now) {
    if (pending.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(pending.values().iterator().next(), now));
  }

  synchronized boolean everArrived() {
    return lastArrival != null;
  }

  synchronized Optional<Duration> lastRoundTrip() {
    return Optional.ofNullable(lastRoundTrip);
  }
}
