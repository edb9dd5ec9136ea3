package com.hhcommerce.order.bus;

import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.order.eventuate.SagaInstances;
import com.hhcommerce.order.scheduling.SchedulerLocks;
import com.hhcommerce.platform.retention.OldRows;
import com.hhcommerce.platform.retention.RetentionRule;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.producer.MessageBuilder;
import io.eventuate.tram.messaging.producer.MessageProducer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

/**
 * A probe that order-service sends itself every hh.bus.probe.interval through its own outbox, the CDC and Kafka, so
 * that a step's deadline measures a participant that does not answer, not a bus that does not carry. While no command
 * waits for its deadline's clock, a probe only tells the operator that the bus carries: one per
 * hh.bus.probe.idle-interval then, so that an idle shop does not write, publish and consume one every two seconds. The CDC
 * publishes the outbox in binlog order, so a probe written after a command, once back, proves the command reached
 * Kafka: the deadline's clock starts then ({@link #CLOCK_STARTED}). It travels on order-service's ping channel, a
 * topic that exists already, and never through a participant, whose death must not stop the clock. Rows are kept in
 * a table, so whichever instance receives a probe, every instance's deadline check sees it; one instance at a time
 * sends ({@link SchedulerLocks}), once it has found a probe due. How long the oldest probe still on its way has
 * travelled is the outbox's drain, as an operator watches it: hh_bus_undelivered_age_seconds, 0 while the bus carries.
 */
@Component
public class BusProbes {

  /** Marks a probe on the ping channel; its value is the sending service. */
  static final String PROBE_HEADER = "hh_bus_probe";

  /**
   * SQL expression: when the clock of a command written to the outbox at the DATETIME {@code %s} started, that is when
   * the first probe written at or after it came back (order-service's clock); NULL while none has.
   */
  public static final String CLOCK_STARTED =
      "(SELECT MIN(p.returned_at) FROM bus_probe p WHERE p.sent_at >= %s AND p.returned_at IS NOT NULL)";

  private final MessageProducer producer;
  private final JdbcClient jdbc;
  private final SchedulerLocks locks;
  private final Clock clock;
  private final TransactionTemplate transaction;
  private final Duration idleInterval;

  public BusProbes(MessageProducer producer, JdbcClient jdbc, SchedulerLocks locks, Clock clock, PlatformTransactionManager transactions,
                   MeterRegistry meters, BusProbeSettings settings) {
    this.producer = producer;
    this.jdbc = jdbc;
    this.locks = locks;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactions);
    this.idleInterval = settings.idleInterval();
    Gauge.builder("hh.bus.undelivered.age", this, BusProbes::undeliveredSeconds).baseUnit("seconds")
        .description("How long the oldest bus probe not yet back has been on its way (outbox, CDC, Kafka); 0 while none is")
        .register(meters);
  }

  /**
   * Only probes sent after the newest one that came back count: one lost on the way (a consumer that parked it) is
   * superseded by the next, not an outage for as long as it is kept.
   */
  public double undeliveredSeconds() {
    return jdbc.sql("""
            SELECT COALESCE(TIMESTAMPDIFF(MICROSECOND, MIN(p.sent_at), NOW(3)), 0) / 1000000 FROM bus_probe p
            WHERE p.returned_at IS NULL
              AND p.sent_at > COALESCE((SELECT MAX(r.sent_at) FROM bus_probe r WHERE r.returned_at IS NOT NULL), '1970-01-01')""")
        .query(Double.class).single();
  }

  /** A probe when one is due ({@link #due()}); the id of the probe sent, or null. */
  @Scheduled(fixedDelayString = "${hh.bus.probe.interval}", initialDelayString = "${hh.bus.probe.interval}")
  public String sendIfDue() {
    return due() ? send() : null;
  }

  /**
   * While a command waits for its clock (no probe written after it has come back, a lost probe included), and
   * otherwise when none was sent for an idle interval. Both by the database's time, the probes' own.
   */
  public boolean due() {
    return jdbc.sql("""
            SELECT EXISTS (SELECT 1 FROM (%s) x WHERE %s IS NULL)
                OR NOT EXISTS (SELECT 1 FROM bus_probe p WHERE p.sent_at > NOW(3) - INTERVAL ? MICROSECOND)"""
            .formatted(SagaInstances.IN_FLIGHT_WAITING_COMMANDS, CLOCK_STARTED.formatted("x.waiting_since")))
        .param(idleInterval.toNanos() / 1000).query(Boolean.class).single();
  }

  /**
   * The row and the outbox message commit together; the row's time is the database's, as the step log's is. The probe's
   * id, or null when another instance is sending one.
   */
  public String send() {
    return locks.alone("bus-probe", () -> transaction.execute(tx -> {
      Message probe = MessageBuilder.withPayload("{}").withHeader(PROBE_HEADER, "order-service").build();
      producer.send(OrderChannels.PING_REPLIES, probe);
      jdbc.sql("INSERT INTO bus_probe (message_id) VALUES (?)").param(probe.getId()).update();
      return probe.getId();
    }));
  }

  static boolean isProbe(Message message) {
    return message.getHeader(PROBE_HEADER).isPresent();
  }

  /** A probe came back: the first return counts, a redelivery changes nothing. */
  void returned(Message probe) {
    jdbc.sql("UPDATE bus_probe SET returned_at = COALESCE(returned_at, ?) WHERE message_id = ?")
        .params(Timestamp.from(clock.instant()), probe.getId()).update();
  }

  @Bean
  RetentionRule busProbeRetention(JdbcClient jdbc, BusProbeSettings settings) {
    return OldRows.byTime(jdbc, "bus_probe", "sent_at", settings.keep());
  }
}
