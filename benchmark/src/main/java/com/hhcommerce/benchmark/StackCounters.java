package com.hhcommerce.benchmark;

import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.ManagedProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the whole system did, read at the edges of a step's measured window: CPU seconds per process (/proc),
 * MariaDB's statement and commit counters, the records in Kafka, the records each consumer group has
 * committed and the commits that took (records of the broker's offsets log: one per partition committed, and the
 * groups' own membership records), the requests the broker handled by kind, and the services' access token
 * verifications. The difference of two readings divided by the orders that ended between them is the cost of
 * one order.
 */
public record StackCounters(Instant databaseTime, Map<String, Double> cpuSeconds, Map<String, Double> compilerSeconds, Map<String, Long> statements,
                     long kafkaRecords, long offsetCommits, Map<String, Long> consumedByGroup, Map<String, Long> brokerRequests,
                     TokenVerifications tokens) {

  /** The Kafka broker's process name in the stack. */
  static final String BROKER = "kafka";

  /** The broker's log of consumer groups' offsets: one record per partition of each offset commit. */
  static final String OFFSETS_LOG = "__consumer_offsets";

  /**
   * Statement kinds worth a figure of their own; every other Com_* counter is summed into "other", but for the
   * prepared-statement protocol's execute/close/fetch counters, which count the same statements again.
   */
  static final List<String> KINDS = List.of("Com_select", "Com_insert", "Com_update", "Com_delete", "Com_commit",
      "Com_rollback", "Com_set_option", "Com_stmt_prepare");

  /** What MariaDB wrote to its binlog, which the CDC reads back and decodes. */
  static final String BINLOG_BYTES = "Binlog_bytes_written";

  /**
   * Transactions that changed data: each written to the binlog and made durable (fsynced, alone or in a group). Unlike
   * {@code Com_commit} it counts a write in autocommit mode and not a COMMIT of a transaction that only read.
   */
  static final String DURABLE_COMMITS = "Binlog_commits";

  /** The per-order cost between two readings; {@code brokerRequests} by kind, the kinds the window saw. */
  public record PerOrder(long orders, double seconds, Map<String, Double> cpuMs, double cpuMsTotal, double compilerMs, double statements,
                  Map<String, Double> byKind, double binlogBytes, double kafkaRecords, double offsetCommits, Map<String, Double> consumedByGroup,
                  Map<String, Double> brokerRequests, double tokenVerifications, double tokenCpuMs) {

    /** Every request the broker handled, per order. */
    public double brokerRequestsTotal() {
      return brokerRequests.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * What the same processes spend idle over the same time (consumers polling, jobs), per order.
     *
     * @param idlePercent each process's CPU while the stack does nothing, in percent of one core
     */
    public double idleCpuMs(Map<String, Double> idlePercent) {
      return cpuMs.keySet().stream().mapToDouble(name -> idlePercent.getOrDefault(name, 0.0)).sum() * 10 * seconds / Math.max(1, orders);
    }

    /** The CPU per order of these processes (each with all its instances), summed. */
    public double cpuMsOf(Collection<String> processes) {
      return cpuMs.entrySet().stream().filter(e -> processes.contains(LocalStack.withoutInstance(e.getKey())))
          .mapToDouble(Map.Entry::getValue).sum();
    }
  }

  static StackCounters read(Connection admin, String kafkaBootstrapServers, List<ManagedProcess> processes,
                            Supplier<TokenVerifications> tokens) throws SQLException {
    Instant now;
    Map<String, Long> statements = new TreeMap<>();
    try (Statement statement = admin.createStatement()) {
      try (ResultSet rs = statement.executeQuery("SELECT NOW(3)")) {
        rs.next();
        now = rs.getTimestamp(1).toInstant();
      }
      try (ResultSet rs = statement.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', '" + BINLOG_BYTES + "', '" + DURABLE_COMMITS
          + "') OR Variable_name LIKE 'Com\\_%'")) {
        while (rs.next()) {
          statements.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    Map<String, Double> cpu = ProcessCpu.cpuSeconds(processes);
    Map<String, Double> compiler = ProcessCpu.compilerSeconds(processes);
    long records = 0;
    long offsetCommits = 0;
    Map<String, Long> consumed = new TreeMap<>();
    try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers))) {
      Set<String> topics = kafka.listTopics().names().get(10, TimeUnit.SECONDS);
      records = endOffsets(kafka, topics);
      // made by the broker when a first group commits
      if (kafka.listTopics(new ListTopicsOptions().listInternal(true)).names().get(10, TimeUnit.SECONDS).contains(OFFSETS_LOG)) {
        offsetCommits = endOffsets(kafka, Set.of(OFFSETS_LOG));
      }
      for (ConsumerGroupListing group : kafka.listConsumerGroups().all().get(10, TimeUnit.SECONDS)) {
        Map<TopicPartition, OffsetAndMetadata> offsets = kafka.listConsumerGroupOffsets(group.groupId())
            .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        consumed.put(group.groupId(), offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not read Kafka's offsets", e);
    }
    Map<String, Long> requests = processes.stream().filter(p -> p.name().equals(BROKER)).findFirst()
        .map(BrokerRequests::read).orElse(Map.of());
    return new StackCounters(now, cpu, compiler, statements, records, offsetCommits, consumed, requests, tokens.get());
  }

  /** The records the topics hold, summed over their partitions' end offsets. */
  private static long endOffsets(Admin kafka, Set<String> topics) throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> latest = kafka.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
        .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
        .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
    return kafka.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
        .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
  }

  /** Saga orders that reached an end state between two readings (by the database's own clock). */
  static long sagasEndedBetween(Connection admin, StackCounters from, StackCounters to, String finalStates) throws SQLException {
    return StackQueries.rowsBetween(admin, "order_service.orders", "updated_at", "saga_state IN " + finalStates, from.databaseTime(),
        to.databaseTime());
  }

  /** Percent of one core each process used between the two readings. */
  Map<String, Double> cpuPercentSince(StackCounters before) {
    return ProcessCpu.percent(before.cpuSeconds, cpuSeconds, Duration.between(before.databaseTime, databaseTime).toMillis() / 1000.0);
  }

  PerOrder perOrderSince(StackCounters before, long orders) {
    double n = Math.max(1, orders);
    Map<String, Double> cpuMs = new LinkedHashMap<>();
    cpuSeconds.forEach((name, end) -> cpuMs.put(name, 1000 * (end - before.cpuSeconds.getOrDefault(name, 0.0)) / n));
    Map<String, Double> byKind = new LinkedHashMap<>();
    long other = 0;
    for (Map.Entry<String, Long> e : statements.entrySet()) {
      long delta = e.getValue() - before.statements.getOrDefault(e.getKey(), 0L);
      if (KINDS.contains(e.getKey())) {
        byKind.put(e.getKey().substring("Com_".length()), delta / n);
      } else if (e.getKey().startsWith("Com_") && !e.getKey().startsWith("Com_stmt_")) {
        other += delta;
      }
    }
    byKind.put("other", other / n);
    Map<String, Double> consumed = new HashMap<>();
    consumedByGroup.forEach((group, end) -> consumed.put(group, (end - before.consumedByGroup.getOrDefault(group, 0L)) / n));
    Map<String, Double> requests = new TreeMap<>();
    brokerRequests.forEach((kind, end) -> {
      long delta = end - before.brokerRequests.getOrDefault(kind, 0L);
      if (delta > 0) {
        requests.put(kind, delta / n);
      }
    });
    return new PerOrder(orders, Duration.between(before.databaseTime, databaseTime).toMillis() / 1000.0, cpuMs,
        cpuMs.values().stream().mapToDouble(Double::doubleValue).sum(),
        1000 * compilerSeconds.entrySet().stream().mapToDouble(e -> e.getValue() - before.compilerSeconds.getOrDefault(e.getKey(), 0.0)).sum() / n,
        (statements.getOrDefault("Questions", 0L) - before.statements.getOrDefault("Questions", 0L)) / n, byKind,
        (statements.getOrDefault(BINLOG_BYTES, 0L) - before.statements.getOrDefault(BINLOG_BYTES, 0L)) / n,
        (kafkaRecords - before.kafkaRecords) / n, (offsetCommits - before.offsetCommits) / n, new TreeMap<>(consumed), requests,
        tokens.minus(before.tokens).count() / n,
        1000 * tokens.minus(before.tokens).cpuSeconds() / n);
  }
}
