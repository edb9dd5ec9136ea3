package com.hhcommerce.cdc;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bookkeeping of the publishing probes: when each was written to the outbox and whether it came out of
 * Kafka. The CDC is stalled when a probe has waited longer than the limit, but only once a probe has come
 * through at least once: a CDC still starting up is not stalled.
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

  /** How long the oldest unanswered probe has waited; empty before the first arrival or when none waits. */
  synchronized Optional<Duration> waitingFor(Instant now) {
    if (lastArrival == null || pending.isEmpty()) {
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
