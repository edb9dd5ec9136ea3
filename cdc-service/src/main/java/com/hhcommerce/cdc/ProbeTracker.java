package com.hhcommerce.cdc;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bookkeeping of the publishing probes: when each was written to the outbox and whether it came out of
 * Kafka. Once a probe has come through, the CDC is stalled when a later one waits longer than the limit.
 * Before that, a CDC may still be replaying a backlog, so the wait for the first probe is measured apart
 * and held to a longer limit.
 */
final class ProbeTracker {

  private final Map<String, Instant> pending = new LinkedHashMap<>();
  private Instant firstWritten;
  private Instant lastArrival;
  private Duration lastRoundTrip;

  synchronized void written(String probeId, Instant at) {
    pending.put(probeId, at);
    if (firstWritten == null) {
      firstWritten = at;
    }
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

  /** How long this CDC has waited for its first probe to come through; empty once one has. */
  synchronized Optional<Duration> waitingForFirst(Instant now) {
    if (lastArrival != null || firstWritten == null) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(firstWritten, now));
  }

  synchronized boolean everArrived() {
    return lastArrival != null;
  }

  synchronized Optional<Duration> lastRoundTrip() {
    return Optional.ofNullable(lastRoundTrip);
  }
}
