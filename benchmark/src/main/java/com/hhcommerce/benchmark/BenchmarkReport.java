package com.hhcommerce.benchmark;

import com.hhcommerce.stack.OutsideServers;
import com.hhcommerce.stack.Service;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The benchmark's figures as markdown tables and a CSV file ({@link BenchmarkCharts} draws them). */
final class BenchmarkReport {

  /** A step keeps up when it completes at least this share of the offered rate. */
  static final double KEEPS_UP = 0.95;
  /** ... and its p99 completion latency stays within this factor of the lowest step's ... */
  static final double FLAT = 3.0;
  /**
   * ... counted from at least this much: a p99 of a few milliseconds at the lowest step (the monolith's) would
   * make one slow fsync look like saturation.
   */
  static final double FLAT_FROM_MS = 100.0;

  /**
   * The processes that work after a saga has ended (order events to the ranking, the mails and the data platform):
   * work the monolith does not do, so the saga's own path is also shown without them.
   */
  static final List<String> EVENT_SIDE = List.of(Service.RANKING.serviceName(), Service.RELAY.serviceName(), "redis",
      OutsideServers.MAIL, OutsideServers.DATA_PLATFORM);

  private BenchmarkReport() {
  }

  static String line(Benchmark.Step s) {
    return String.format(Locale.ROOT, "%-8s %6.0f/s offered  %6.1f/s accepted  POST p99 %7.1f ms  completed %6.1f/s  completion p50/p99 %7.1f/%7.1f ms  CDC lag p99 %5.0f ms  %.1f commits/order  CPU %.1f ms/order (%.1f without the event side, tokens %.2f, JIT compiling %.1f)  %.0f statements/order  %.0f binlog bytes/order  %.1f offset commits/order  %.1f Kafka requests/order (%s)%s",
        s.system(), s.offered(), s.accepted(), s.postP99(), s.completed(), s.completionP50(), s.completionP99(), s.cdcLagP99(),
        s.commitsPerOrder(), s.cost().cpuMsTotal(), s.cost().cpuMsTotal() - s.cost().cpuMsOf(EVENT_SIDE), s.cost().tokenCpuMs(), s.cost().compilerMs(), s.cost().statements(), s.cost().binlogBytes(), s.cost().offsetCommits(),
        s.cost().brokerRequestsTotal(), figures(s.cost().brokerRequests()), s.drained() ? "" : "  (did not drain)");
  }

  /** Whether a step kept up with flat latency, against the lowest step of its system. */
  static boolean sustainable(Benchmark.Step step, Benchmark.Step lowest) {
    return step.drained() && step.completed() >= KEEPS_UP * step.offered()
        && step.completionP99() <= FLAT * Math.max(lowest.completionP99(), FLAT_FROM_MS);
  }

  /** The highest step that kept up with flat latency, if any. */
  static Optional<Benchmark.Step> maxSustainable(List<Benchmark.Step> steps, String system) {
    List<Benchmark.Step> of = steps.stream().filter(s -> s.system().equals(system)).toList();
    if (of.isEmpty()) {
      return Optional.empty();
    }
    return of.stream().filter(s -> sustainable(s, of.get(0))).reduce((a, b) -> b);
  }

  static String markdown(Benchmark.Result result, String machine) {
    StringBuilder md = new StringBuilder();
    md.append("Machine: ").append(machine).append("\n\n");
    md.append("Services: ").append(result.mechanisms()).append(".\n\n");
    md.append("| system | offered/s | accepted/s | refused | POST p50 | p95 | p99 | max | completed/s | completion p50 | p95 | p99 | CDC lag p50 | p99 | commits/order | RSS MB | busiest processes (% of one core) |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Benchmark.Step s : result.steps()) {
      md.append(String.format(Locale.ROOT, "| %s | %.0f | %.1f | %.0f %% | %s | %s | %s | %s | %.1f%s | %s | %s | %s | %s | %s | %.1f | %d | %s |%n",
          s.system(), s.offered(), s.accepted(), 100 * s.refusedShare(), f(s.postP50()), f(s.postP95()), f(s.postP99()), f(s.postMax()),
          s.completed(), s.drained() ? "" : " (fell behind)", f(s.completionP50()), f(s.completionP95()), f(s.completionP99()),
          f(s.cdcLagP50()), f(s.cdcLagP99()), s.commitsPerOrder(), s.rssMb(), busiest(s.cpuPercent())));
    }
    md.append("\nCost per order over each step's measured window: the counters' differences divided by the orders that ")
        .append("ended in the window (saga: reached an end state; monolith: answered). CPU is user + system time from /proc; ")
        .append("statements are MariaDB's Questions, by kind its Com_* counters, binlog bytes its Binlog_bytes_written; Kafka records are every topic's end offsets; ")
        .append("consumed are the records each consumer group committed, offset commits the records of the broker's offsets log (one per partition committed); Kafka requests the requests the broker handled, by kind (its own counters); tokens are the access tokens the services verified ")
        .append("and the CPU time that took them (part of the processes' CPU), as the services count it. *Without the event side*: ")
        .append("the sum without ranking-service, relay-service, Redis, the mail server and the data platform stand-in, which ")
        .append("work after the saga has ended and have no counterpart in the monolith. *Above idle*: less what the same ")
        .append("processes spent over the same time while the stack did nothing (measured after the ladder): what the orders ")
        .append("themselves cost, which sets how many more a machine can take.\n\n");
    md.append("Order outcomes relay-service recorded by the end of the saga's ladder (its mail to the customer): ")
        .append(result.mailed().isEmpty() ? "none" : result.mailed().entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))).append(".\n\n");
    md.append(String.format(Locale.ROOT, "Idle stack, after the ladder: %.1f %% of one core summed (%s).%n%n",
        result.idlePercent().values().stream().mapToDouble(Double::doubleValue).sum(), busiest(result.idlePercent())));
    md.append("| system | offered/s | orders ended | CPU ms/order | above idle | without the event side | per process | statements/order | by kind | binlog bytes/order | Kafka records/order | consumed/order | offset commits/order | Kafka requests/order | by kind | tokens verified/order | token CPU ms/order | JIT compiling ms/order |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Benchmark.Step s : result.steps()) {
      StackCounters.PerOrder c = s.cost();
      md.append(String.format(Locale.ROOT, "| %s | %.0f | %d | **%.1f** | %.1f | %.1f | %s | %.1f | %s | %.0f | %.1f | %s | %.1f | %.1f | %s | %.1f | %.2f | %.1f |%n", s.system(), s.offered(), c.orders(),
          c.cpuMsTotal(), result.cpuMsAboveIdle(s), c.cpuMsTotal() - c.cpuMsOf(EVENT_SIDE), figures(c.cpuMs()), c.statements(), figures(c.byKind()), c.binlogBytes(), c.kafkaRecords(), figures(c.consumedByGroup()),
          c.offsetCommits(), c.brokerRequestsTotal(), figures(c.brokerRequests()), c.tokenVerifications(), c.tokenCpuMs(), c.compilerMs()));
    }
    md.append("\nLatencies in ms. POST latency counts from when each request was due (open loop). Saga completion: ")
        .append("orders.created_at to the end state's updated_at; for the monolith the POST is the completion. ")
        .append("Refused: 4xx answers (the monolith answers 422 for an order it rolls back; the saga accepts every order and fails it later).\n\n");
    Optional<Benchmark.Step> saga = maxSustainable(result.steps(), "saga");
    Optional<Benchmark.Step> monolith = maxSustainable(result.steps(), "monolith");
    md.append(String.format(Locale.ROOT, "- Maximum sustainable rate (completed ≥ %.0f %% of offered, drained, p99 completion within %.0f× the lowest step's, counted as at least %.0f ms): saga %s, monolith %s%n",
        100 * KEEPS_UP, FLAT, FLAT_FROM_MS, saga.map(s -> String.format(Locale.ROOT, "%.0f orders/s", s.offered())).orElse("none of the steps"),
        monolith.map(s -> String.format(Locale.ROOT, "%.0f orders/s", s.offered())).orElse("not measured")));
    if (saga.isPresent() && monolith.isPresent()) {
      List<Benchmark.Step> monolithSteps = result.steps().stream().filter(s -> s.system().equals("monolith")).toList();
      boolean ceilingFound = monolithSteps.get(monolithSteps.size() - 1) != monolith.get();
      md.append(String.format(Locale.ROOT, "- Saga throughput / monolith throughput: %.0f %% (highest sustainable steps; %s)%n",
          100 * saga.get().completed() / monolith.get().completed(), ceilingFound
              ? "the monolith's next step was not sustainable: its ceiling lies between the two"
              : "the monolith kept up at its top step: its ceiling is higher"));
    }
    commonStep(result.steps(), 25).ifPresent(rate -> md.append(String.format(Locale.ROOT,
        "- CPU per order at %.0f orders/s: saga %.1f ms, monolith %.1f ms: saga / monolith = %.1f%n", rate,
        stepAt(result, "saga", rate).cost().cpuMsTotal(), stepAt(result, "monolith", rate).cost().cpuMsTotal(),
        stepAt(result, "saga", rate).cost().cpuMsTotal() / stepAt(result, "monolith", rate).cost().cpuMsTotal())));
    commonStep(result.steps(), 50).ifPresent(rate -> md.append(String.format(Locale.ROOT,
        "- At %.0f orders/s: saga POST p99 %s ms, saga completion p99 %s ms, monolith p99 %s ms: saga completion p99 / monolith p99 = %.1f%n",
        rate, f(stepAt(result, "saga", rate).postP99()), f(stepAt(result, "saga", rate).completionP99()),
        f(stepAt(result, "monolith", rate).postP99()),
        stepAt(result, "saga", rate).completionP99() / stepAt(result, "monolith", rate).postP99())));
    double monolithRefused = result.steps().stream().filter(s -> s.system().equals("monolith")).findFirst()
        .map(Benchmark.Step::refusedShare).orElse(0.0);
    double perCommittedMonolithOrder = result.commitsPerMonolithOrder() / (1 - monolithRefused);
    md.append(String.format(Locale.ROOT, "- Database commits per order: saga happy path %.1f, saga mix %s; monolith %s per order, "
            + "%.1f per committed order (the %.0f %% it rolls back commit nothing): saga / monolith = %.1f%n",
        result.commitsPerHappySaga(), result.steps().stream().filter(s -> s.system().equals("saga")).findFirst()
            .map(s -> String.format(Locale.ROOT, "%.1f", s.commitsPerOrder())).orElse("n/a"),
        f(result.commitsPerMonolithOrder()), perCommittedMonolithOrder, 100 * monolithRefused,
        result.commitsPerHappySaga() / perCommittedMonolithOrder));
    return md.toString();
  }

  static String csv(Benchmark.Result result) {
    StringBuilder csv = new StringBuilder("system,offered_per_s,accepted_per_s,refused_share,failed,post_p50_ms,post_p95_ms,post_p99_ms,post_max_ms,"
        + "completed_per_s,completion_p50_ms,completion_p95_ms,completion_p99_ms,cdc_lag_p50_ms,cdc_lag_p99_ms,commits_per_order,drained,rss_mb,cpu_percent,"
        + "orders_ended_in_window,cpu_ms_per_order,cpu_ms_per_order_above_idle,cpu_ms_per_order_without_event_side,cpu_ms_per_order_by_process,statements_per_order,statements_per_order_by_kind,"
        + "binlog_bytes_per_order,kafka_records_per_order,consumed_per_order_by_group,tokens_verified_per_order,token_cpu_ms_per_order,jit_compiling_ms_per_order,offset_commits_per_order,"
        + "kafka_requests_per_order,kafka_requests_per_order_by_kind\n");
    for (Benchmark.Step s : result.steps()) {
      StackCounters.PerOrder c = s.cost();
      csv.append(String.format(Locale.ROOT, "%s,%.0f,%.2f,%.3f,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.1f,%.1f,%.2f,%s,%d,\"%s\",%d,%.2f,%.2f,%.2f,\"%s\",%.2f,\"%s\",%.0f,%.2f,\"%s\",%.2f,%.3f,%.2f,%.2f,%.2f,\"%s\"%n",
          s.system(), s.offered(), s.accepted(), s.refusedShare(), s.failed(), s.postP50(), s.postP95(), s.postP99(), s.postMax(),
          s.completed(), s.completionP50(), s.completionP95(), s.completionP99(), s.cdcLagP50(), s.cdcLagP99(), s.commitsPerOrder(),
          s.drained(), s.rssMb(), s.cpuPercent().entrySet().stream().map(e -> String.format(Locale.ROOT, "%s=%.0f", e.getKey(), e.getValue()))
              .collect(Collectors.joining(" ")),
          c.orders(), c.cpuMsTotal(), result.cpuMsAboveIdle(s), c.cpuMsTotal() - c.cpuMsOf(EVENT_SIDE), figures(c.cpuMs()), c.statements(), figures(c.byKind()),
          c.binlogBytes(), c.kafkaRecords(), figures(c.consumedByGroup()), c.tokenVerifications(), c.tokenCpuMs(), c.compilerMs(),
          c.offsetCommits(), c.brokerRequestsTotal(), figures(c.brokerRequests())));
    }
    return csv.toString();
  }

  private static Optional<Double> commonStep(List<Benchmark.Step> steps, double preferred) {
    List<Double> both = steps.stream().filter(s -> s.system().equals("saga")).map(Benchmark.Step::offered)
        .filter(rate -> steps.stream().anyMatch(s -> s.system().equals("monolith") && s.offered() == rate)).toList();
    return both.contains(preferred) ? Optional.of(preferred) : both.stream().reduce((a, b) -> b);
  }

  private static Benchmark.Step stepAt(Benchmark.Result result, String system, double rate) {
    return result.steps().stream().filter(s -> s.system().equals(system) && s.offered() == rate).findFirst().orElseThrow();
  }

  /** name value pairs, largest first, zeros left out. */
  private static String figures(Map<String, Double> values) {
    return values.entrySet().stream().filter(e -> e.getValue() >= 0.05)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
  }

  private static String busiest(Map<String, Double> cpu) {
    return cpu.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(4)
        .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
  }

  private static String f(double value) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, value < 10 ? "%.1f" : "%.0f", value);
  }
}
