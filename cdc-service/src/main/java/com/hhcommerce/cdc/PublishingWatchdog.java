package com.hhcommerce.cdc;

import com.hhcommerce.cdc.api.CdcChannels;
import com.hhcommerce.cdc.api.CdcExitCodes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * End-to-end liveness of the CDC. Every few seconds a probe row goes into the cdc database's own outbox
 * (cdc.message, read by the "probe" pipeline like any service's outbox) and must come out of the
 * hh-cdc-probe topic ({@link WatchdogProperties}). A CDC whose reader or publisher stopped without an error (seen after
 * a Kafka broker crash) is then caught: health goes DOWN and, after hh.cdc.watchdog.stall-after, the process
 * exits with code 3, which tells its supervisor (docker-compose restart policy, ./stack) to restart it.
 * A CDC that has not published its first probe within hh.cdc.watchdog.first-probe-within (longer: it may
 * be replaying a backlog) is restarted the same way. A restarted CDC resumes from its last saved binlog
 * offset, so nothing is lost.
 */
@Component
class PublishingWatchdog implements HealthIndicator, DisposableBean, SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(PublishingWatchdog.class);

  private final ProbeTracker probes = new ProbeTracker();
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final Duration interval;
  private final Duration stallAfter;
  private final Duration firstProbeWithin;
  private final boolean exitOnStall;
  private final KafkaConsumer<String, String> consumer;
  private final Thread listener;
  private volatile boolean running = true;

  PublishingWatchdog(CdcProperties cdc, WatchdogProperties settings, @Value("${hh.kafka.bootstrap-servers}") String kafka) {
    this.jdbcUrl = cdc.db().url();
    this.user = cdc.db().user();
    this.password = cdc.db().password();
    this.interval = settings.interval();
    this.stallAfter = settings.stallAfter();
    this.firstProbeWithin = settings.firstProbeWithin();
    this.exitOnStall = settings.exitOnStall();
    this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    this.listener = new Thread(this::listen, "cdc-probe-listener");
    this.listener.setDaemon(true);
    this.listener.start();
  }

  /** Reads the probe topic from its end (no consumer group: every CDC instance sees every probe). */
  private void listen() {
    boolean assigned = false;
    while (running) {
      try {
        if (!assigned) {
          List<TopicPartition> partitions = consumer.partitionsFor(CdcChannels.PROBE, Duration.ofSeconds(5)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
          consumer.assign(partitions);
          consumer.seekToEnd(partitions);
          assigned = !partitions.isEmpty();
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
          String value = record.value();
          int at = value == null ? -1 : value.indexOf("hh-probe-");
          if (at >= 0) {
            probes.arrived(value.substring(at, at + "hh-probe-".length() + 36), Instant.now());
          }
        }
      } catch (RuntimeException e) {
        if (running) {
          log.debug("Probe listener: {}", e.toString());
        }
      }
    }
    consumer.close();
  }

  /** A probe every interval, the first one interval after start. */
  @Override
  public void configureTasks(ScheduledTaskRegistrar tasks) {
    tasks.addFixedDelayTask(new FixedDelayTask(this::probe, interval.toMillis(), interval.toMillis()));
  }

  void probe() {
    String probeId = "hh-probe-" + UUID.randomUUID();
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
         PreparedStatement insert = connection.prepareStatement("INSERT INTO message (id, destination, headers, payload, "
             + "published, creation_time) VALUES (?, ?, ?, ?, 0, ?)")) {
      insert.setString(1, probeId);
      insert.setString(2, CdcChannels.PROBE);
      insert.setString(3, "{\"ID\":\"" + probeId + "\",\"DESTINATION\":\"" + CdcChannels.PROBE + "\"}");
      insert.setString(4, "{\"probe\":\"" + probeId + "\"}");
      insert.setLong(5, System.currentTimeMillis());
      insert.executeUpdate();
      probes.written(probeId, Instant.now());
      try (PreparedStatement cleanUp = connection.prepareStatement("DELETE FROM message WHERE creation_time < ?")) {
        cleanUp.setLong(1, System.currentTimeMillis() - Duration.ofHours(1).toMillis());
        cleanUp.executeUpdate();
      }
    } catch (Exception e) {
      log.warn("Could not write a publishing probe: {}", e.toString());
    }
    stalledFor(Instant.now()).ifPresent(stalled -> {
      log.error("The CDC has published nothing for {} s although its outbox has rows: {}", stalled.toSeconds(),
          exitOnStall ? "exiting with code " + CdcExitCodes.RESTART_ME + " to be restarted" : "restart it");
      if (exitOnStall) {
        Runtime.getRuntime().halt(CdcExitCodes.RESTART_ME); // no graceful shutdown: the stalled reader may never stop
      }
    });
  }

  /** How long the CDC has been failing to publish, once that is past its limit. */
  private Optional<Duration> stalledFor(Instant now) {
    return probes.waitingFor(now).filter(waiting -> waiting.compareTo(stallAfter) > 0)
        .or(() -> probes.waitingForFirst(now).filter(waiting -> waiting.compareTo(firstProbeWithin) > 0));
  }

  @Override
  public Health health() {
    Instant now = Instant.now();
    Optional<Duration> stalled = stalledFor(now);
    if (!probes.everArrived()) {
      Health.Builder health = stalled.isPresent() ? Health.down() : Health.unknown();
      return health.withDetail("probe", "no probe has come through Kafka yet")
          .withDetail("waitingSeconds", probes.waitingForFirst(now).map(Duration::toSeconds).orElse(0L)).build();
    }
    Health.Builder health = stalled.isPresent() ? Health.down() : Health.up();
    probes.lastRoundTrip().ifPresent(rt -> health.withDetail("lastRoundTripMs", rt.toMillis()));
    probes.waitingFor(now).ifPresent(w -> health.withDetail("oldestUnansweredProbeSeconds", w.toSeconds()));
    return health.build();
  }

  @Override
  public void destroy() {
    running = false;
    consumer.wakeup();
  }
}
