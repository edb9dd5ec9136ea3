package com.hhcommerce.cdc;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeTrackerTest {

  private static final Instant T0 = Instant.parse("2026-11-26T06:00:00Z");
  private final ProbeTracker probes = new ProbeTracker();

  @Test
  void aCdcThatNeverPublishedIsStartingNotStalled() {
    probes.written("a", T0);
    assertThat(probes.waitingFor(T0.plusSeconds(600))).isEmpty();
    assertThat(probes.everArrived()).isFalse();
  }

  @Test
  void measuresHowLongTheOldestUnansweredProbeHasWaited() {
    probes.written("a", T0);
    probes.arrived("a", T0.plusMillis(40));
    probes.written("b", T0.plusSeconds(5));
    probes.written("c", T0.plusSeconds(10));

    assertThat(probes.lastRoundTrip()).contains(Duration.ofMillis(40));
    assertThat(probes.waitingFor(T0.plusSeconds(70))).contains(Duration.ofSeconds(65));
  }

  @Test
  void aLaterArrivalAnswersOlderProbesToo() {
    probes.written("a", T0);
    probes.written("b", T0.plusSeconds(5));
    probes.arrived("b", T0.plusSeconds(6));

    assertThat(probes.waitingFor(T0.plusSeconds(100))).isEmpty();
  }

  @Test
  void probesOfAnotherInstanceAreIgnored() {
    probes.written("a", T0);
    probes.arrived("a", T0.plusMillis(30));
    probes.arrived("someone-else", T0.plusSeconds(1));
    probes.written("b", T0.plusSeconds(5));

    assertThat(probes.waitingFor(T0.plusSeconds(20))).contains(Duration.ofSeconds(15));
  }
}
