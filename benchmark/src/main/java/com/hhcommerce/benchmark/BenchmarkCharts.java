package com.hhcommerce.benchmark;

import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.OutsideServers;
import com.hhcommerce.stack.Service;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark's two charts: latency against load (each offered rate of the ladder one evenly spaced step, latency on
 * a log scale) and CPU per order by process for both systems, each step one stacked bar. Colours are dark enough to
 * read on white and the same in both charts for the same system.
 */
final class BenchmarkCharts {

  private static final Color BLUE = new Color(0x1f77b4);
  private static final Color ORANGE = new Color(0xd95f02);
  private static final Color GREEN = new Color(0x1b9e77);
  private static final Color PURPLE = new Color(0x7570b3);
  private static final Color RED = new Color(0xc0392b);
  private static final Color BROWN = new Color(0x8c564b);
  private static final Color GREY = new Color(0x555555);
  private static final Color OLIVE = new Color(0x808000);
  private static final Color LIGHT_GREY = new Color(0xbbbbbb);

  /**
   * The processes as the CPU chart groups them, in stacking order, each with its colour; a process not named here
   * falls into "other" (the tracing server, the load generator's own servers).
   */
  private static final String OTHER = "other (the tracing server)";
  private static final Map<String, Group> GROUPS = groups();

  private record Group(List<String> processes, Color colour) {
  }

  private BenchmarkCharts() {
  }

  static void write(Benchmark.Result result, Path output) throws IOException {
    Files.createDirectories(output);
    save(latency(result), output.resolve("latency.png"));
    save(cpuByProcess(result), output.resolve("cpu-per-order.png"));
  }

  static JFreeChart latency(Benchmark.Result result) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    List<String> rates = result.steps().stream().map(Benchmark.Step::offered).distinct().sorted()
        .map(BenchmarkCharts::rate).toList();
    add(data, result, "saga", "saga POST /orders p99", Benchmark.Step::postP99, rates);
    add(data, result, "saga", "saga completion p99", Benchmark.Step::completionP99, rates);
    add(data, result, "saga", "saga completion p50", Benchmark.Step::completionP50, rates);
    add(data, result, "monolith", "monolith POST /orders p99 (= its completion)", Benchmark.Step::postP99, rates);
    JFreeChart chart = ChartFactory.createLineChart("Latency against load", "offered orders/s (the ladder's steps)",
        "ms (log scale)", data, PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = plain(chart);
    LogarithmicAxis axis = new LogarithmicAxis("ms (log scale)");
    axis.setAllowNegativesFlag(false);
    plot.setRangeAxis(axis);
    LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, true);
    Color[] colours = {BLUE, ORANGE, GREEN, GREY};
    for (int i = 0; i < colours.length; i++) {
      renderer.setSeriesPaint(i, colours[i]);
      renderer.setSeriesStroke(i, new BasicStroke(2.5f));
    }
    plot.setRenderer(renderer);
    return chart;
  }

  static JFreeChart cpuByProcess(Benchmark.Result result) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (Benchmark.Step step : result.steps()) {
      String label = step.system() + " " + rate(step.offered()) + "/s";
      int repeat = seen.merge(label, 1, Integer::sum);
      String bar = repeat == 1 ? label : label + " (" + repeat + ")";
      Map<String, Double> byGroup = new LinkedHashMap<>();
      GROUPS.keySet().forEach(group -> byGroup.put(group, 0.0));
      step.cost().cpuMs().forEach((process, ms) -> byGroup.merge(groupOf(process), ms, Double::sum));
      byGroup.forEach((group, ms) -> data.addValue(ms, group, bar));
    }
    JFreeChart chart = ChartFactory.createStackedBarChart("CPU per order by process (every process of the machine)",
        "system and offered orders/s", "CPU ms per order", data, PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = plain(chart);
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    StackedBarRenderer renderer = (StackedBarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setMaximumBarWidth(0.08);
    int i = 0;
    for (Group group : GROUPS.values()) {
      renderer.setSeriesPaint(i++, group.colour());
    }
    return chart;
  }

  private static Map<String, Group> groups() {
    Map<String, Group> groups = new LinkedHashMap<>();
    groups.put("MariaDB", new Group(List.of("mariadb"), BLUE));
    groups.put("Kafka and ZooKeeper", new Group(List.of("kafka", "zookeeper"), GREY));
    groups.put("CDC", new Group(List.of(LocalStack.CDC), PURPLE));
    groups.put("order-service", new Group(List.of(Service.ORDER.serviceName()), ORANGE));
    groups.put("participants (inventory, coupon, customer-wallet, cart)", new Group(List.of(Service.INVENTORY.serviceName(),
        Service.COUPON.serviceName(), Service.CUSTOMER_WALLET.serviceName(), Service.CART.serviceName()), GREEN));
    groups.put("event side (ranking, relay, Redis, mail, data platform)", new Group(BenchmarkReport.EVENT_SIDE, OLIVE));
    groups.put("monolith", new Group(List.of(Benchmark.MONOLITH_PROCESS), RED));
    groups.put(OTHER, new Group(List.of(OutsideServers.ZIPKIN), LIGHT_GREY));
    return groups;
  }

  private static String groupOf(String process) {
    return GROUPS.entrySet().stream().filter(e -> e.getValue().processes().contains(LocalStack.withoutInstance(process))).map(Map.Entry::getKey)
        .findFirst().orElse(OTHER);
  }

  private static void add(DefaultCategoryDataset data, Benchmark.Result result, String system, String series,
                          ToDoubleFunction<Benchmark.Step> value, List<String> rates) {
    for (String rate : rates) {
      Double ms = result.steps().stream().filter(s -> s.system().equals(system) && rate(s.offered()).equals(rate))
          .map(value::applyAsDouble).filter(v -> !v.isNaN()).reduce((a, b) -> b).map(v -> Math.max(0.1, v)).orElse(null);
      data.addValue(ms, series, rate);
    }
  }

  private static CategoryPlot plain(JFreeChart chart) {
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(LIGHT_GREY);
    plot.setDomainGridlinesVisible(false);
    return plot;
  }

  private static String rate(double offered) {
    return String.format(Locale.ROOT, "%.0f", offered);
  }

  private static void save(JFreeChart chart, Path png) throws IOException {
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 560);
  }
}
