package com.hhcommerce.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.order.api.SagaState;
import com.hhcommerce.stack.Jvm;
import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.ManagedProcess;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackException;
import com.hhcommerce.stack.StackHttp;
import com.hhcommerce.stack.StackSettings;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The benchmark: the same ladder of constant arrival rates against the saga (POST /orders on order-service,
 * then the saga across four services over the outbox, the CDC and Kafka) and against the monolith baseline
 * (the seed's one-transaction order on one database), on the same MariaDB and machine, in one run.
 */
public final class Benchmark {

  /**
   * How to run: the rates (orders/s), the warm-up (not counted) and the measured time of each step, whether the
   * monolith runs the ladder too and whether it goes on past the ladder's top until it falls behind, how many rows
   * of history the growing tables get before it starts (0: none; {@link HistoryPrefill}), whether each saga step's
   * measured window is profiled ({@link FlameGraphs}), and how much longer the first step of each system warms up, for
   * its JVMs' JIT to settle: the saga's ten JVMs take far longer than the monolith's one.
   */
  public record Options(List<Double> rates, Duration warmUp, Duration measured, boolean monolith, boolean monolithToCeiling,
                        long prefill, Path output, boolean profile, Duration jitWarmUp, Duration monolithJitWarmUp) {

    /** The warm-up of a saga step: the first one's is longer by the JIT's. */
    Duration warmUp(boolean first) {
      return first ? warmUp.plus(jitWarmUp) : warmUp;
    }

    /** The warm-up of a monolith step. */
    Duration monolithWarmUp(boolean first) {
      return first ? warmUp.plus(monolithJitWarmUp) : warmUp;
    }
  }

  /** One step's figures. Latencies in milliseconds; NaN where a figure does not apply. */
  public record Step(String system, double offered, double accepted, double refusedShare, int failed,
                     double postP50, double postP95, double postP99, double postMax,
                     double completed, double completionP50, double completionP95, double completionP99,
                     double cdcLagP50, double cdcLagP99, double commitsPerOrder, boolean drained,
                     Map<String, Double> cpuPercent, long rssMb, StackCounters.PerOrder cost) {
  }

  /**
   * @param idlePercent each process's CPU while the stack did nothing, after the ladder, in percent of one core: the part
   *                    of a step's CPU that no order caused
   * @param mechanisms  which performance mechanisms the services ran with ({@link PerformanceMechanisms#describe}), their
   *                    JVMs' flags and the JIT's warm-up
   * @param mailed      relay-service's records of the saga's order outcomes by kind (SENT, FAILED, SKIPPED: no address)
   */
  public record Result(List<Step> steps, double commitsPerHappySaga, double commitsPerMonolithOrder, Map<String, Double> idlePercent,
                       String mechanisms, Map<String, Long> mailed) {

    /** A step's CPU per order less the idle stack's share of its window. */
    public double cpuMsAboveIdle(Step step) {
      return step.cost().cpuMsTotal() - step.cost().idleCpuMs(idlePercent);
    }
  }

  static final String MONOLITH_PROCESS = "monolith-baseline";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FINAL = SagaState.finalStatesSqlList();
  private static final Duration DRAIN = Duration.ofSeconds(120);
  /** Where the search for the monolith's ceiling gives up (the load generator itself needs the cores beyond it). */
  private static final double MONOLITH_CEILING_SEARCH_LIMIT = 2000;

  private final LocalStack stack;
  private final Options options;
  private final PrintStream out;
  private final OpenLoopLoad load = new OpenLoopLoad();
  private StackHttp operator;

  public Benchmark(LocalStack stack, Options options, PrintStream out) {
    this.stack = stack;
    this.options = options;
    this.out = out;
  }

  public Result run() throws Exception {
    ManagedProcess monolith = options.monolith() ? startMonolith() : null;
    int sagaOrders = IntStream.range(0, options.rates().size()).map(i -> orders(options.rates().get(i), options.warmUp(i == 0))).sum();
    int monolithOrders = !options.monolith() ? 0
        : IntStream.range(0, options.rates().size()).map(i -> orders(options.rates().get(i), options.monolithWarmUp(i == 0))).sum();
    int happyProbe = 50;
    List<BenchmarkData.PlannedOrder> plan;
    try (Connection admin = stack.adminConnection()) {
      if (options.prefill() > 0) {
        Instant began = Instant.now();
        HistoryPrefill.fill(admin, options.prefill());
        out.printf("Prefilled each outbox and received_messages with %,d rows, the step log with %,d, in %d s%n", options.prefill(),
            options.prefill(), Duration.between(began, Instant.now()).toSeconds());
      }
      Instant began = Instant.now();
      plan = new BenchmarkData(true, options.monolith()).create(admin, happyProbe * 2 + sagaOrders + monolithOrders);
      out.printf("Seeded %d customers and %d product options (%d hot)%s in %d s%n", plan.size(), BenchmarkData.OPTIONS,
          BenchmarkData.HOT_OPTIONS, options.monolith() ? ", for the saga services and the monolith alike," : "",
          Duration.between(began, Instant.now()).toSeconds());
    }
    int next = 0;
    List<BenchmarkData.PlannedOrder> happy = plan.subList(0, happyProbe * 2).stream()
        .filter(o -> customerHasPoints(o)).limit(happyProbe).toList();
    double happyCommits = commitsPerSaga(happy);
    next = happyProbe * 2;

    List<Step> steps = new ArrayList<>();
    try (MailboxPurge purge = MailboxPurge.start(stack.settings(), out)) {
      for (double rate : options.rates()) {
        boolean first = steps.isEmpty();
        List<BenchmarkData.PlannedOrder> batch = plan.subList(next, next + orders(rate, options.warmUp(first)));
        next += batch.size();
        Step step = sagaStep(rate, batch, options.warmUp(first));
        steps.add(step);
        if (!step.drained() || step.completed() < BenchmarkReport.KEEPS_UP * rate) {
          out.println("The saga fell behind at " + rate + " orders/s; higher steps would only measure its backlog: skipped.");
          break;
        }
      }
    }
    Map<String, Long> mailed = mailed();
    double monolithCommits = Double.NaN;
    if (monolith != null) {
      // the monolith's figures must not pay for the saga's backlog
      Instant waited = Instant.now();
      boolean quiet = awaitAllEnded(Duration.ofMinutes(5));
      out.printf("Saga backlog %s after %d s; now the monolith%n", quiet ? "drained" : "NOT drained",
          Duration.between(waited, Instant.now()).toSeconds());
      List<Step> monolithSteps = new ArrayList<>();
      for (double rate : options.rates()) {
        boolean first = monolithSteps.isEmpty();
        List<BenchmarkData.PlannedOrder> batch = plan.subList(next, next + orders(rate, options.monolithWarmUp(first)));
        next += batch.size();
        monolithSteps.add(monolithStep(rate, batch, monolith, options.monolithWarmUp(first)));
      }
      // on up the ladder until the monolith falls behind: its ceiling, not the ladder's top
      while (options.monolithToCeiling() && BenchmarkReport.sustainable(monolithSteps.get(monolithSteps.size() - 1), monolithSteps.get(0))
          && monolithSteps.get(monolithSteps.size() - 1).offered() < MONOLITH_CEILING_SEARCH_LIMIT) {
        double rate = Math.round(monolithSteps.get(monolithSteps.size() - 1).offered() * 1.5 / 10) * 10.0;
        List<BenchmarkData.PlannedOrder> batch;
        try (Connection admin = stack.adminConnection()) {
          batch = new BenchmarkData(false, true).create(admin, orders(rate, options.warmUp()));
        }
        monolithSteps.add(monolithStep(rate, batch, monolith, options.warmUp()));
      }
      steps.addAll(monolithSteps);
      monolithCommits = monolithSteps.get(0).commitsPerOrder();
    }
    String jvms = String.format(Locale.ROOT, "; JVM flags of the services, the monolith, ZooKeeper and the stand-ins %s; the first step warmed up %d s longer for the JIT (the monolith's %d s)",
        String.join(" ", Jvm.flags()), options.jitWarmUp().toSeconds(), options.monolithJitWarmUp().toSeconds());
    return new Result(steps, happyCommits, monolithCommits, idle(), PerformanceMechanisms.describe(stack.settings()) + jvms, mailed);
  }

  private Map<String, Long> mailed() throws SQLException {
    Map<String, Long> byOutcome = new TreeMap<>();
    try (Connection admin = stack.adminConnection(); Statement statement = admin.createStatement();
         ResultSet rs = statement.executeQuery("SELECT outcome, COUNT(*) FROM relay_service.notification GROUP BY outcome")) {
      while (rs.next()) {
        byOutcome.put(rs.getString(1), rs.getLong(2));
      }
    }
    return byOutcome;
  }

  private int orders(double rate, Duration warmUp) {
    return (int) Math.ceil(rate * (warmUp.toMillis() + options.measured().toMillis()) / 1000.0) + 1;
  }

  private ManagedProcess startMonolith() {
    StackSettings settings = stack.settings();
    int port = settings.monolithPort();
    ManagedProcess process = new ManagedProcess(MONOLITH_PROCESS, Jvm.command("-Xms64m", "-Xmx256m",
        "-jar", settings.repository().resolve("monolith-baseline/target/monolith-baseline.jar").toString()),
        Map.of("HH_DB_HOST", settings.dbHost(), "HH_DB_PORT", String.valueOf(settings.dbPort()), "SERVER_PORT", String.valueOf(port)),
        settings.logs().resolve("monolith-baseline.log"), port, () -> LocalStack.healthUp(port));
    out.println("Starting the monolith baseline on port " + port + " ...");
    return stack.startExtra(process);
  }

  // --- the saga

  private Step sagaStep(double rate, List<BenchmarkData.PlannedOrder> batch, Duration warmUp) throws Exception {
    String url = stack.url(Service.ORDER) + "/orders";
    Map<TopicPartition, Long> topicStart = endOffsets();
    long commitsBefore = durableCommits();
    CountersWindow window = new CountersWindow(stack, stack.processesInStartOrder(), this::tokenVerifications);
    OpenLoopLoad.Result result;
    try (SignIns signIns = signIns(batch, rate, options.measured())) {
      OpenLoopLoad.MeasuredWindow measured = OpenLoopLoad.MeasuredWindow.both(signIns, options.profile()
          ? OpenLoopLoad.MeasuredWindow.both(window, new FlameGraphs(stack, options.output().resolve("perf"), rate))
          : window);
      result = load.run(url, rate, warmUp, options.measured(), i -> batch.get(i).json(), signIns::authorization,
          Benchmark::orderId, measured);
      if (signIns.inWindow() > 0) {
        out.printf("%d sign-ins fell inside the measured window (a window longer than the sign-ins' lead): their CPU is in its figures%n",
            signIns.inWindow());
      }
    }
    long ended;
    try (Connection admin = stack.adminConnection()) {
      ended = StackCounters.sagasEndedBetween(admin, window.atOpening(), window.atClosing(), FINAL);
    }
    boolean drained = awaitAllEnded();
    long commits = durableCommits() - commitsBefore;
    Completion completion = completion(result.acceptedIds());
    double[] lag = cdcLag(topicStart);
    Step step = step("saga", rate, result, result.acceptedPerSecond(), completion, lag, commits / (double) batch.size(), drained,
        window.atClosing().cpuPercentSince(window.atOpening()), stack.processesInStartOrder(), window.atClosing().perOrderSince(window.atOpening(), ended));
    out.println(BenchmarkReport.line(step));
    return step;
  }

  /** Every process's CPU over one measured window in which nothing is asked of the stack, its JIT warm from the ladder. */
  private Map<String, Double> idle() throws Exception {
    awaitAllEnded();
    CountersWindow window = CountersWindow.idle(stack, options.measured());
    Map<String, Double> percent = window.atClosing().cpuPercentSince(window.atOpening());
    out.printf(Locale.ROOT, "Idle stack: %.1f %% of one core summed over %d processes (%d s)%n",
        percent.values().stream().mapToDouble(Double::doubleValue).sum(), percent.size(), options.measured().toSeconds());
    return percent;
  }

  /** Server-side: from each order's creation to its end state (orders.created_at → updated_at). */
  private record Completion(double perSecond, double p50, double p95, double p99) {
  }

  private Completion completion(List<Long> ids) throws SQLException {
    if (ids.isEmpty()) {
      return new Completion(0, Double.NaN, Double.NaN, Double.NaN);
    }
    Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    int ended = 0;
    try (Connection admin = stack.adminConnection(); Statement statement = admin.createStatement()) {
      for (int from = 0; from < ids.size(); from += 1000) {
        String in = ids.subList(from, Math.min(ids.size(), from + 1000)).stream().map(String::valueOf).collect(Collectors.joining(","));
        try (ResultSet rs = statement.executeQuery("SELECT TIMESTAMPDIFF(MICROSECOND, created_at, updated_at), "
            + "UNIX_TIMESTAMP(created_at) * 1000, UNIX_TIMESTAMP(updated_at) * 1000 FROM order_service.orders "
            + "WHERE saga_state IN " + FINAL + " AND id IN (" + in + ")")) {
          while (rs.next()) {
            histogram.recordValue(Math.min(Math.max(rs.getLong(1), 0), histogram.getHighestTrackableValue()));
            first = Math.min(first, rs.getLong(2));
            last = Math.max(last, rs.getLong(3));
            ended++;
          }
        }
      }
    }
    double span = (last - first) / 1000.0;
    return new Completion(span <= 0 ? 0 : ended / span, ms(histogram, 50), ms(histogram, 95), ms(histogram, 99));
  }

  private boolean awaitAllEnded() throws Exception {
    return awaitAllEnded(DRAIN);
  }

  private boolean awaitAllEnded(Duration atMost) throws Exception {
    return StackQueries.awaitNone(stack, "SELECT COUNT(*) FROM order_service.orders WHERE saga_state NOT IN " + FINAL, atMost);
  }

  /** Happy-path database commits per saga: orders of customers with points, one at a time. */
  private double commitsPerSaga(List<BenchmarkData.PlannedOrder> happy) throws Exception {
    String url = stack.url(Service.ORDER) + "/orders";
    awaitAllEnded();
    long before = durableCommits();
    OpenLoopLoad.Result result;
    Duration measured = Duration.ofMillis(happy.size() * 100L);
    try (SignIns signIns = signIns(happy, 10, measured)) {
      result = load.run(url, 10, Duration.ZERO, measured, i -> happy.get(Math.min(i, happy.size() - 1)).json(), signIns::authorization,
          Benchmark::orderId, OpenLoopLoad.MeasuredWindow.NONE);
    }
    awaitAllEnded();
    double perSaga = (durableCommits() - before) / (double) Math.max(1, result.accepted());
    out.printf("Happy path: %.1f durable database commits per saga (%d sagas, MariaDB Binlog_commits)%n", perSaga, result.accepted());
    return perSaga;
  }

  /** Outbox row written (message.creation_time) → record in Kafka (its CreateTime, set by the CDC's producer). */
  private double[] cdcLag(Map<TopicPartition, Long> from) throws Exception {
    Map<TopicPartition, Long> to = endOffsets();
    Map<String, Long> published = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = consumer()) {
      consumer.assign(to.keySet());
      from.forEach(consumer::seek);
      Instant deadline = Instant.now().plusSeconds(30);
      while (Instant.now().isBefore(deadline) && to.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          JsonNode id = JSON.readTree(record.value()).path("headers").path("ID");
          if (!id.isMissingNode()) {
            published.put(id.asText(), record.timestamp());
          }
        }
      }
    }
    if (published.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN};
    }
    Histogram histogram = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
    List<String> ids = new ArrayList<>(published.keySet());
    try (Connection admin = stack.adminConnection(); Statement statement = admin.createStatement()) {
      for (int from2 = 0; from2 < ids.size(); from2 += 1000) {
        String in = ids.subList(from2, Math.min(ids.size(), from2 + 1000)).stream().map(id -> "'" + id.replace("'", "") + "'")
            .collect(Collectors.joining(","));
        try (ResultSet rs = statement.executeQuery("SELECT id, creation_time FROM order_service.message WHERE id IN (" + in + ")")) {
          while (rs.next()) {
            histogram.recordValue(Math.min(Math.max(published.get(rs.getString(1)) - rs.getLong(2), 0), histogram.getHighestTrackableValue()));
          }
        }
      }
    }
    return new double[] {histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99)};
  }

  private KafkaConsumer<String, String> consumer() {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.settings().kafkaBootstrapServers(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
  }

  /** The first hop of every saga: order-service's outbox → inventory-service's channel. */
  private Map<TopicPartition, Long> endOffsets() {
    try (KafkaConsumer<String, String> consumer = consumer()) {
      List<TopicPartition> partitions = consumer.partitionsFor("inventory-service-commands").stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      return new HashMap<>(consumer.endOffsets(partitions));
    }
  }

  /** Every service's token verifications so far, read with the operator's token (made once, renewed as it expires). */
  private TokenVerifications tokenVerifications() {
    if (operator == null) {
      operator = StackHttp.operator(stack.url(Service.CUSTOMER_WALLET));
    }
    return TokenVerifications.read(Arrays.stream(Service.values()).map(stack::url).toList(), operator);
  }

  // --- the monolith

  private Step monolithStep(double rate, List<BenchmarkData.PlannedOrder> batch, ManagedProcess monolith, Duration warmUp) throws Exception {
    String url = "http://127.0.0.1:" + monolith.port() + "/orders";
    long commitsBefore = durableCommits();
    List<ManagedProcess> processes = List.of(monolith, stack.process("mariadb"));
    CountersWindow window = new CountersWindow(stack, processes, () -> TokenVerifications.NONE);
    OpenLoopLoad.Result result = load.run(url, rate, warmUp, options.measured(), i -> batch.get(i).json(), i -> null,
        body -> null, window);
    long commits = durableCommits() - commitsBefore;
    Histogram latency = result.latencyMicros();
    // an order of the monolith has ended when it is answered: its completion is the POST itself, and the answers
    // of the measured window are the orders that ended in it
    Completion completion = new Completion(result.answeredPerSecond(), ms(latency, 50), ms(latency, 95), ms(latency, 99));
    Step step = step("monolith", rate, result, result.answeredPerSecond(), completion, new double[] {Double.NaN, Double.NaN},
        commits / (double) batch.size(), result.answered() == result.due(), window.atClosing().cpuPercentSince(window.atOpening()), processes,
        window.atClosing().perOrderSince(window.atOpening(), result.answered()));
    out.println(BenchmarkReport.line(step));
    return step;
  }

  // --- helpers

  /** The one place a step's figures are put together, for the saga and the monolith alike. */
  private static Step step(String system, double rate, OpenLoopLoad.Result load, double acceptedPerSecond, Completion completion,
                           double[] cdcLag, double commitsPerOrder, boolean drained, Map<String, Double> cpu,
                           List<ManagedProcess> processes, StackCounters.PerOrder cost) {
    Histogram post = load.latencyMicros();
    return new Step(system, rate, acceptedPerSecond, share(load.refused(), load.due()), load.failed(),
        ms(post, 50), ms(post, 95), ms(post, 99), post.getMaxValue() / 1000.0,
        completion.perSecond(), completion.p50(), completion.p95(), completion.p99(),
        cdcLag[0], cdcLag[1], commitsPerOrder, drained, cpu, rssMb(processes), cost);
  }

  private static Long orderId(String body) {
    try {
      JsonNode id = JSON.readTree(body).path("orderId");
      return id.canConvertToLong() ? id.asLong() : null;
    } catch (Exception e) {
      return null;
    }
  }

  private SignIns signIns(List<BenchmarkData.PlannedOrder> batch, double rate, Duration measured) {
    return SignIns.start(stack.url(Service.CUSTOMER_WALLET) + "/auth/tokens",
        batch.stream().map(BenchmarkData.PlannedOrder::customerId).toList(), rate, measured, out);
  }

  private boolean customerHasPoints(BenchmarkData.PlannedOrder order) {
    try {
      return count("SELECT COUNT(*) FROM customer_wallet_service.customer WHERE point_balance > 0 AND id = " + order.customerId()) > 0;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private long durableCommits() throws SQLException {
    try (Connection admin = stack.adminConnection(); Statement statement = admin.createStatement();
         ResultSet rs = statement.executeQuery("SHOW GLOBAL STATUS LIKE '" + StackCounters.DURABLE_COMMITS + "'")) {
      rs.next();
      return rs.getLong(2);
    }
  }

  private long count(String sql) throws SQLException {
    return StackQueries.count(stack, sql);
  }

  private static double ms(Histogram micros, double percentile) {
    return micros.getTotalCount() == 0 ? Double.NaN : micros.getValueAtPercentile(percentile) / 1000.0;
  }

  private static double share(int part, int whole) {
    return whole == 0 ? 0 : part / (double) whole;
  }

  private static long rssMb(List<ManagedProcess> processes) {
    return processes.stream().mapToLong(ManagedProcess::residentMemoryKb).sum() / 1024;
  }
}
