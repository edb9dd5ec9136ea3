package com.hhcommerce.benchmark;

import org.jfree.data.category.CategoryDataset;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BenchmarkChartsTest {

  private static final Map<String, Double> SAGA_CPU = Map.ofEntries(Map.entry("mariadb", 17.6), Map.entry("order-service", 16.2),
      Map.entry("kafka", 14.5), Map.entry("relay-service", 8.2), Map.entry("cdc-service", 8.1), Map.entry("inventory-service", 4.8),
      Map.entry("customer-wallet-service", 4.7), Map.entry("cart-service", 4.6), Map.entry("ranking-service", 4.4),
      Map.entry("coupon-service", 3.4), Map.entry("data-platform", 2.5), Map.entry("zipkin", 1.9), Map.entry("redis", 0.5),
      Map.entry("monolith-baseline", 0.2), Map.entry("zookeeper", 0.2), Map.entry("mail", 0.1),
      Map.entry("inventory-service-2", 1.0));
  private static final Map<String, Double> MONOLITH_CPU = Map.of("monolith-baseline", 4.0, "mariadb", 3.4);

  private final Benchmark.Result result = new Benchmark.Result(List.of(
      step("saga", 12, 47, SAGA_CPU), step("saga", 12, 52, SAGA_CPU), step("saga", 20, 900, SAGA_CPU),
      step("monolith", 12, 31, MONOLITH_CPU), step("monolith", 120, 60, MONOLITH_CPU)), 9.2, 1.2, Map.of(), "on", Map.of());

  @Test
  void eachStepIsOneBarHoldingAllOfItsCpuAndOnlyTheTracingServerIsOther() {
    CategoryDataset bars = BenchmarkCharts.cpuByProcess(result).getCategoryPlot().getDataset();

    assertThat(bars.getColumnKeys()).containsExactly("saga 12/s", "saga 12/s (2)", "saga 20/s", "monolith 12/s", "monolith 120/s");
    for (Benchmark.Step step : result.steps()) {
      int column = result.steps().indexOf(step);
      double stacked = 0;
      for (int row = 0; row < bars.getRowCount(); row++) {
        stacked += bars.getValue(row, column).doubleValue();
      }
      assertThat(stacked).isCloseTo(step.cost().cpuMsTotal(), within(1e-9));
    }
    int other = bars.getRowIndex("other (the tracing server)");
    assertThat(bars.getValue(other, 0).doubleValue()).as("only zipkin is outside the named groups").isEqualTo(1.9);
    assertThat(bars.getValue(bars.getRowIndex("participants (inventory, coupon, customer-wallet, cart)"), 0).doubleValue())
        .as("a second instance is its service's").isCloseTo(4.8 + 4.7 + 4.6 + 3.4 + 1.0, within(1e-9));
    assertThat(bars.getValue(bars.getRowIndex("monolith"), 3).doubleValue()).isEqualTo(4.0);
  }

  @Test
  void everyOfferedRateIsOneEvenlySpacedCategoryAndASystemWithoutTheStepHasAGap() {
    CategoryDataset lines = BenchmarkCharts.latency(result).getCategoryPlot().getDataset();

    assertThat(lines.getColumnKeys()).containsExactly("12", "20", "120");
    assertThat(lines.getValue("saga completion p50", "12").doubleValue()).as("the later of two steps at one rate").isEqualTo(52);
    assertThat(lines.getValue("saga completion p50", "120")).isNull();
  }

  @Test
  void bothChartsAreWritten() throws Exception {
    Path output = Path.of("target", "charts-test");
    BenchmarkCharts.write(result, output);
    assertThat(Files.size(output.resolve("latency.png"))).isPositive();
    assertThat(Files.size(output.resolve("cpu-per-order.png"))).isPositive();
  }

  private static Benchmark.Step step(String system, double rate, double completionP50, Map<String, Double> cpu) {
    double total = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
    StackCounters.PerOrder cost = new StackCounters.PerOrder(1000, 60, cpu, total, 1, 70, Map.of(), 24000, 20, 12, Map.of(), Map.of(), 1, 0.1);
    return new Benchmark.Step(system, rate, rate, 0, 0, 10, 20, 30, 40, rate, completionP50, completionP50 * 2, completionP50 * 3,
        5, 10, 9.2, true, Map.of(), 4000, cost);
  }
}
