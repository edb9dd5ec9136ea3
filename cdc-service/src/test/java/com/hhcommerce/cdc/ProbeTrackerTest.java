package com.hhcommerce.cdc;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeTrackerTest {

  private static final Instant T0 = Instant.parse("2026-11-26T06:00:00Z");
  private final ProbeTracker probes = new ProbeTracker();

  @Test
  void theWaitForTheFirstProbeIsMeasuredApart() {
    assertThat(probes.waitingForFirst(T0)).isEmpty();
    probes.written("a", T0);
    probes.written("b", T0.plusSeconds(5));

    assertThat(probes.waitingFor(T0.plusSeconds(600))).as("not held to the stall limit").isEmpty();
    assertThat(probes.waitingForFirst(T0.plusSeconds(600))).contains(Duration.ofSeconds(600));
    assertThat(probes.everArrived()).isFalse();

    probes.arrived("b", T0.plusSeconds(601));
    assertThat(probes.waitingForFirst(T0.plusSeconds(700))).isEmpty();
    assertThat(probes.everArrived()).isTrue();
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
