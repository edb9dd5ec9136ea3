package com.hhcommerce.benchmark;

import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What the messaging path costs by itself, with no saga and no business logic: order-service's bus pings
 * (`POST /support/bus/pings`) at a constant rate, first to one participant per request, then to all four. A ping is
 * a saga step's round trip stripped bare: a command in order-service's outbox, the CDC, Kafka, the participant's
 * transaction (its duplicate-detection row and its reply in its outbox), the CDC and Kafka again, and order-service's
 * transaction that takes the reply. At the same request rate the two runs differ by three round trips per request,
 * so the difference gives one round trip's cost free of the HTTP request's own and of what an idle stack spends.
 */
public final class MessagingFloor {

  /** Per-second rates over one measured window. */
  public record Rates(Map<String, Double> cpuMs, double statements, double commits, double kafkaRecords, double requests, double roundTrips) {

    public double cpuMsTotal() {
      return cpuMs.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  private static final int PARTICIPANTS = 4;
  private static final String ONE = "?participant=inventory-service";
  private static final String ALL = "";
  /** Before each measured window (or the warm-up, if shorter): the change from one kind of request to the other settles. */
  private static final Duration LEAD_IN = Duration.ofSeconds(20);
  private static final Duration DRAIN = Duration.ofSeconds(120);

  private final LocalStack stack;
  private final Benchmark.Options options;
  private final PrintStream out;
  private final OpenLoopLoad load = new OpenLoopLoad();

  public MessagingFloor(LocalStack stack, Benchmark.Options options, PrintStream out) {
    this.stack = stack;
    this.options = options;
    this.out = out;
  }

  /** Runs both kinds of ping at each rate, then an idle window. */
  public List<Floor> run() throws Exception {
    List<Rates[]> pairs = new ArrayList<>();
    for (double rate : options.rates()) {
      warmUp(rate, pairs.isEmpty());
      pairs.add(new Rates[] {step(rate, ONE, 1), step(rate, ALL, PARTICIPANTS)});
    }
    Rates idle = idle();
    List<Floor> floors = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      floors.add(new Floor(options.rates().get(i), pairs.get(i)[0], pairs.get(i)[1], idle));
    }
    return floors;
  }

  /** Both kinds of request take turns through the warm-up, so that the JIT has compiled the paths of both. */
  private void warmUp(double rate, boolean first) throws Exception {
    Duration half = options.warmUp(first).dividedBy(2);
    load.run(url(ONE), rate, half, Duration.ZERO, i -> "", i -> support(), body -> null, OpenLoopLoad.MeasuredWindow.NONE);
    load.run(url(ALL), rate, half, Duration.ZERO, i -> "", i -> support(), body -> null, OpenLoopLoad.MeasuredWindow.NONE);
    awaitAllAnswered();
  }

  private String url(String query) {
    return stack.url(Service.ORDER) + "/support/bus/pings" + query;
  }

  /** The support account's bearer token, asked for per request: the shared sign-in renews it before it expires. */
  private static String support() {
    return StackHttp.supportAuthorization();
  }

  private Rates step(double rate, String query, int pingsPerRequest) throws Exception {
    CountersWindow window = new CountersWindow(stack, stack.processesInStartOrder(), () -> TokenVerifications.NONE);
    OpenLoopLoad.Result result = load.run(url(query), rate,
        options.warmUp().compareTo(LEAD_IN) < 0 ? options.warmUp() : LEAD_IN, options.measured(), i -> "", i -> support(), body -> null, window);
    boolean drained = awaitAllAnswered();
    long roundTrips = repliedBetween(window.atOpening().databaseTime(), window.atClosing().databaseTime());
    Rates rates = rates(window.atOpening(), window.atClosing(), result.accepted(), roundTrips);
    out.printf(Locale.ROOT, "pings to %d participant(s) per request: %.1f requests/s offered, %.1f accepted/s, %d refused, %d failed, "
            + "%.1f round trips/s ended, POST p99 %.1f ms, CPU %.1f ms per request%s%n", pingsPerRequest, rate, result.acceptedPerSecond(),
        result.refused(), result.failed(), rates.roundTrips(), result.latencyMicros().getValueAtPercentile(99) / 1000.0,
        rates.cpuMsTotal() / Math.max(rates.requests(), 1e-9), drained ? "" : " (replies still missing after 2 minutes)");
    if (result.refused() + result.failed() > 0) {
      throw new IllegalStateException("Pings were refused or failed: the figures would not be the messaging path's");
    }
    return rates;
  }

  /** The stack doing nothing for one measured window, after the load: its consumers' polling and its jobs. */
  private Rates idle() throws Exception {
    CountersWindow window = CountersWindow.idle(stack, options.measured());
    Rates rates = rates(window.atOpening(), window.atClosing(), 0, 0);
    out.printf(Locale.ROOT, "idle: %.1f %% of one core summed over the processes%n", rates.cpuMsTotal() / 10);
    return rates;
  }

  private Rates rates(StackCounters from, StackCounters to, long requests, long roundTrips) {
    double seconds = Duration.between(from.databaseTime(), to.databaseTime()).toMillis() / 1000.0;
    Map<String, Double> cpuMs = new LinkedHashMap<>();
    to.cpuSeconds().forEach((name, end) -> cpuMs.put(name, 1000 * (end - from.cpuSeconds().getOrDefault(name, 0.0)) / seconds));
    return new Rates(cpuMs, delta(from, to, "Questions") / seconds, delta(from, to, StackCounters.DURABLE_COMMITS) / seconds,
        (to.kafkaRecords() - from.kafkaRecords()) / seconds, requests * 1000.0 / options.measured().toMillis(), roundTrips / seconds);
  }

  private static long delta(StackCounters from, StackCounters to, String counter) {
    return to.statements().getOrDefault(counter, 0L) - from.statements().getOrDefault(counter, 0L);
  }

  /** One rate's measurements: one ping per request, four per request, and the idle stack. */
  public record Floor(double rate, Rates one, Rates all, Rates idle) {

    /** What one more round trip adds, of the given per-second figure. */
    public double perRoundTrip(ToDoubleFunction<Rates> figure) {
      return (figure.applyAsDouble(all) - figure.applyAsDouble(one)) / (all.roundTrips() - one.roundTrips());
    }

    private double cpuMsPerRoundTrip(String process) {
      return perRoundTrip(r -> r.cpuMs().getOrDefault(process, 0.0));
    }

    /**
     * Per process, the CPU an idle stack spends per second, what a one-ping request costs above that, and what one more
     * round trip costs (the difference of the two kinds of request per round trip more).
     */
    public String markdown() {
      StringBuilder md = new StringBuilder();
      md.append(String.format(Locale.ROOT, "%n%.0f requests/s: %.1f round trips/s with one ping per request, %.1f with four%n%n", rate,
          one.roundTrips(), all.roundTrips()));
      md.append("| process | idle, ms of CPU per second | a one-ping request above idle, ms | one round trip, ms |\n|---|---|---|---|\n");
      one.cpuMs().keySet().stream()
          .filter(name -> Math.abs(cpuMsPerRoundTrip(name)) >= 0.05 || idle.cpuMs().getOrDefault(name, 0.0) > 1)
          .sorted(Comparator.comparingDouble(this::cpuMsPerRoundTrip).reversed())
          .forEach(name -> md.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %.2f |%n", name, idle.cpuMs().getOrDefault(name, 0.0),
              (one.cpuMs().get(name) - idle.cpuMs().getOrDefault(name, 0.0)) / one.requests(), cpuMsPerRoundTrip(name))));
      md.append(String.format(Locale.ROOT, "| **all** | %.1f | %.2f | **%.2f** |%n", idle.cpuMsTotal(),
          (one.cpuMsTotal() - idle.cpuMsTotal()) / one.requests(), perRoundTrip(Rates::cpuMsTotal)));
      md.append(String.format(Locale.ROOT, "%nOne round trip: %.1f statements, %.2f commits, %.2f Kafka records.%n",
          perRoundTrip(Rates::statements), perRoundTrip(Rates::commits), perRoundTrip(Rates::kafkaRecords)));
      return md.toString();
    }
  }

  private boolean awaitAllAnswered() throws Exception {
    return StackQueries.awaitNone(stack, "SELECT COUNT(*) FROM order_service.bus_ping WHERE replied_at IS NULL", DRAIN);
  }

  private long repliedBetween(Instant from, Instant to) throws SQLException {
    try (Connection admin = stack.adminConnection()) {
      return StackQueries.rowsBetween(admin, "order_service.bus_ping", "replied_at", "TRUE", from, to);
    }
  }
}
