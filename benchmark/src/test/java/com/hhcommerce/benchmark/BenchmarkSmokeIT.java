package com.hhcommerce.benchmark;

import com.hhcommerce.stack.e2e.InvariantAudit;
import com.hhcommerce.stack.e2e.RealStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The benchmark tool works: a short, low-rate run of the saga and the monolith baseline on the real stack
 * produces every figure and the three files. Figures are printed, never asserted (docs/benchmark.md). The stack is
 * started as ./stack bench starts it: with the performance mechanisms on.
 */
@ExtendWith({BenchmarkSmokeIT.MechanismsOn.class, RealStack.class, InvariantAudit.class})
class BenchmarkSmokeIT {

  @Test
  void aShortLadderProducesEveryFigureAndTheReport() throws Exception {
    Path output = Path.of("target", "benchmark-smoke");
    Benchmark.Options options = new Benchmark.Options(List.of(5.0, 10.0), Duration.ofSeconds(2), Duration.ofSeconds(5), true, false, 0,
        output, true, Duration.ofSeconds(1), Duration.ofSeconds(1));

    Benchmark.Result result = new Benchmark(RealStack.stack(), options, System.out).run();
    BenchmarkMain.write(result, output);

    // the saga's ladder stops at a step it cannot keep up with: that is a figure, not a failure of the tool
    assertThat(result.steps()).extracting(Benchmark.Step::system).startsWith("saga").endsWith("monolith", "monolith");
    assertThat(result.steps()).allSatisfy(step -> {
      assertThat(step.accepted()).isPositive();
      assertThat(step.failed()).isZero();
      assertThat(step.drained()).isTrue();
      assertThat(step.postP99()).isPositive();
      assertThat(step.completionP99()).isPositive();
      assertThat(step.commitsPerOrder()).isPositive();
      assertThat(step.cpuPercent()).isNotEmpty();
      assertThat(step.cost().orders()).isPositive();
      assertThat(step.cost().cpuMsTotal()).isPositive();
      assertThat(step.cost().statements()).isPositive();
      assertThat(step.cost().byKind()).containsKeys("select", "commit");
    });
    assertThat(result.steps()).filteredOn(step -> step.system().equals("saga"))
        .allSatisfy(step -> {
          assertThat(step.cost().kafkaRecords()).isPositive();
          assertThat(step.cost().offsetCommits()).as("the consumers commit what they handled").isPositive();
          assertThat(step.cost().brokerRequests()).as("the broker's request counters, read by attaching to it")
              .containsKeys("Produce", "Fetch").doesNotContainKey("FetchConsumer");
          assertThat(step.cost().tokenVerifications()).as("each order's POST carries a token").isPositive();
          assertThat(step.cost().tokenCpuMs()).as("counted with HH_PERFORMANCE_TOKEN_CPU_METRICS").isPositive();
          assertThat(result.cpuMsAboveIdle(step)).as("less an idle stack's share of the window").isLessThan(step.cost().cpuMsTotal());
        });
    assertThat(result.steps()).filteredOn(step -> step.system().equals("saga")).allSatisfy(step -> assertThat(step.cdcLagP99()).isNotNaN());
    assertThat(result.mailed()).as("the event side mails each outcome, as it would a customer's").containsKey("SENT")
        .doesNotContainKey("SKIPPED");
    assertThat(result.commitsPerHappySaga()).isPositive();
    assertThat(result.commitsPerMonolithOrder()).isPositive();
    assertThat(Files.readString(output.resolve("benchmark.md"))).contains("| saga | 5 |").contains("| monolith | 10 |")
        .contains("Services: performance mechanisms on (HH_PERFORMANCE_SAGA_WRITE_BEHIND").contains("warmed up 1 s longer for the JIT")
        .contains("Maximum sustainable rate").contains("CPU ms/order").contains("above idle").contains("Idle stack");
    assertThat(Files.readAllLines(output.resolve("benchmark.csv"))).hasSize(result.steps().size() + 1);
    assertThat(Files.size(output.resolve("latency.png"))).isPositive();
    assertThat(Files.size(output.resolve("cpu-per-order.png"))).isPositive();
    // --profile: a flame graph of each profiled JVM at the first saga step, none in docs/
    assertThat(FlameGraphs.PROFILED).allSatisfy(process ->
        assertThat(Files.readString(output.resolve("perf").resolve(process + "-5-per-s.html"))).contains("<html"));
  }

  @Test
  void theMessagingFloorSeparatesARoundTripFromTheRequest() throws Exception {
    Benchmark.Options options = new Benchmark.Options(List.of(5.0), Duration.ofSeconds(4), Duration.ofSeconds(6), false, false, 0,
        Path.of("target", "benchmark-smoke"), false, Duration.ZERO, Duration.ZERO);

    MessagingFloor.Floor floor = new MessagingFloor(RealStack.stack(), options, System.out).run().get(0);

    assertThat(floor.one().requests()).isCloseTo(5.0, within(0.5));
    assertThat(floor.one().roundTrips()).as("one ping per request").isCloseTo(5.0, within(1.5));
    assertThat(floor.all().roundTrips()).as("a ping to each of the four participants").isCloseTo(20.0, within(4.0));
    // what a round trip is made of: a message each way, the participant's transaction and order-service's
    assertThat(floor.perRoundTrip(MessagingFloor.Rates::kafkaRecords)).isCloseTo(2.0, within(0.5));
    assertThat(floor.perRoundTrip(MessagingFloor.Rates::commits)).isCloseTo(2.0, within(0.5));
    assertThat(floor.perRoundTrip(MessagingFloor.Rates::statements)).as("two outbox rows, two duplicate-detection rows, commits, more")
        .isGreaterThan(8);
    assertThat(floor.idle().cpuMsTotal()).as("an idle stack still polls").isPositive();
    assertThat(floor.markdown()).contains("| **all** |").contains("One round trip:");
  }

  /**
   * Before {@link RealStack} starts the stack: the services get the performance mechanisms' environment, as
   * ./stack bench gives it (the setting hh.stack.service-env, which StackSettings.fromEnvironment reads).
   */
  static final class MechanismsOn implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
      if (RealStack.stack() != null) {
        assertThat(PerformanceMechanisms.describe(RealStack.stack().settings())).as("a stack started before this test class")
            .startsWith("performance mechanisms on");
        return;
      }
      System.setProperty("hh.stack.service-env", PerformanceMechanisms.ON.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
    }
  }
}
